#include <stdio.h>
#include <unistd.h>
int main(void) {
  if (setuid(0) == 0 || setgid(0) == 0 || seteuid(0) == 0) return 3;
  if (getuid() == 0 || geteuid() == 0) return 4;
  printf("denied\n");
  return 0;
}
