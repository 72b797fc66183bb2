/* An i386 system call through int 0x80 (getuid32 = 199): a foreign architecture is killed. */
int main(void) {
  long ret;
  __asm__ volatile("int $0x80" : "=a"(ret) : "a"(199) : "memory");
  return 3;
}
