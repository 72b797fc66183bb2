#include <errno.h>
#include <stdio.h>
#include <sys/ptrace.h>
#include <unistd.h>
/* Attaches to the parent (the sandbox's init) and to pid 1. */
int main(void) {
  if (ptrace(PTRACE_ATTACH, getppid(), 0, 0) == 0) return 3;
  printf("parent: %d\n", errno);
  if (ptrace(PTRACE_ATTACH, 1, 0, 0) == 0) return 3;
  printf("denied\n");
  return 0;
}
