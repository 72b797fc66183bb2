# GRADEBOX_SANITIZE: AddressSanitizer + UndefinedBehaviorSanitizer for the whole build.
option(GRADEBOX_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(GRADEBOX_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()

# Per-executable ASan defaults. Long-lived processes that free a lot (the kernel, the zygote)
# need a small free-quarantine, or ASan's default 256 MiB reads as growth in the tests that
# watch their RSS for leaks (LeakSanitizer still checks real leaks).
function(gradebox_sanitizer_defaults target options)
  if(GRADEBOX_SANITIZE)
    target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/cmake/sanitizer_default_options.cpp)
    target_compile_definitions(${target} PRIVATE GRADEBOX_ASAN_DEFAULT_OPTIONS="${options}")
  endif()
endfunction()

# Programs that must behave exactly as built, such as the hostile suite's C programs: a sanitizer
# would turn their crash into a report and their syscalls into LeakSanitizer's ptrace attempts.
function(gradebox_without_sanitizers target)
  if(GRADEBOX_SANITIZE)
    target_compile_options(${target} PRIVATE -fno-sanitize=all)
    target_link_options(${target} PRIVATE -fno-sanitize=all)
  endif()
endfunction()
