#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(void) {
  union bpf_attr attr;
  memset(&attr, 0, sizeof attr);
  attr.map_type = BPF_MAP_TYPE_ARRAY;
  attr.key_size = 4;
  attr.value_size = 4;
  attr.max_entries = 1;
  if (syscall(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof attr) >= 0) return 3;
  printf("denied %d\n", errno);
  return errno == EPERM ? 0 : 4;
}
