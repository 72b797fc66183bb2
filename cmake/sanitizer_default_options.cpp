// AddressSanitizer defaults baked into one long-lived gradebox process (GRADEBOX_SANITIZE builds
// only); the options string comes from gradebox_sanitizer_defaults() in cmake/Sanitizers.cmake.

extern "C" const char* __asan_default_options() {
  return GRADEBOX_ASAN_DEFAULT_OPTIONS;
}
