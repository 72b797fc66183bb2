#include <sys/syscall.h>
#include <unistd.h>
/* A dangerous call: the filter kills instead of returning an errno. */
int main(void) {
  syscall(SYS_kexec_load, 0, 0, 0, 0);
  return 3;
}
