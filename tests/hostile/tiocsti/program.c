#include <errno.h>
#include <stdio.h>
#include <sys/ioctl.h>
int main(void) {
  char c = 'x';
  for (int fd = 0; fd < 3; ++fd)
    if (ioctl(fd, TIOCSTI, &c) == 0 || errno != EPERM) return 3;
  printf("denied\n");
  return 0;
}
