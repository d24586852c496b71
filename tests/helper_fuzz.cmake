# libFuzzer targets for the helper's decoders (tests/fuzz/). They need clang with libFuzzer
# (Debian: clang libclang-rt-14-dev); without it the tests report "skipped" and say why.
find_program(JTUNE_FUZZ_CC NAMES clang clang-14 clang-15 clang-16)
set(_fuzz_skip "")
if(NOT JTUNE_FUZZ_CC)
  set(_fuzz_skip "clang not found: apt-get install clang libclang-rt-14-dev")
else()
  set(_probe ${CMAKE_BINARY_DIR}/fuzz_probe.c)
  file(WRITE ${_probe} "#include <stddef.h>\n#include <stdint.h>\n"
       "int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\n"
       "int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n")
  execute_process(COMMAND ${JTUNE_FUZZ_CC} -fsanitize=fuzzer ${_probe}
                          -o ${CMAKE_BINARY_DIR}/fuzz_probe
                  RESULT_VARIABLE _fuzz_rc OUTPUT_QUIET ERROR_QUIET)
  if(NOT _fuzz_rc EQUAL 0)
    set(_fuzz_skip "${JTUNE_FUZZ_CC} has no libFuzzer: apt-get install libclang-rt-14-dev")
  endif()
endif()

set(_fuzz_request_srcs ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_request.c
    ${CMAKE_SOURCE_DIR}/src/ipc/proto.c)
set(_fuzz_journal_srcs ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_journal.c
    ${CMAKE_SOURCE_DIR}/src/helper/journal.c ${CMAKE_SOURCE_DIR}/src/ipc/proto.c
    ${CMAKE_SOURCE_DIR}/src/core/parse.c ${CMAKE_SOURCE_DIR}/src/platform/fileio.c)

foreach(name request journal)
  set(_test helper_fuzz_${name})
  if(_fuzz_skip)
    add_test(NAME ${_test} COMMAND sh -c "echo 'skipped: ${_fuzz_skip}'; exit 77")
    set_tests_properties(${_test} PROPERTIES SKIP_RETURN_CODE 77)
    continue()
  endif()
  set(_bin ${CMAKE_BINARY_DIR}/tests/fuzz_${name})
  add_custom_command(OUTPUT ${_bin}
    COMMAND ${JTUNE_FUZZ_CC} -g -O1 -std=c11 -D_GNU_SOURCE
            -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
            -I${CMAKE_SOURCE_DIR}/include -I${CMAKE_BINARY_DIR}/generated
            ${_fuzz_${name}_srcs} -o ${_bin}
    DEPENDS ${_fuzz_${name}_srcs}
    COMMENT "libFuzzer target fuzz_${name}" VERBATIM)
  add_custom_target(fuzz_${name} ALL DEPENDS ${_bin})
  set(_corpus ${CMAKE_BINARY_DIR}/tests/fuzz_${name}_corpus)
  set(_seeds ${CMAKE_SOURCE_DIR}/tests/fuzz/seeds_${name})
  add_test(NAME ${_test}
           COMMAND sh -c "mkdir -p '${_corpus}' && exec '${_bin}' -runs=200000 -seed=1 \
-max_len=256 '${_corpus}' '${_seeds}'")
  set_tests_properties(${_test} PROPERTIES TIMEOUT 300)
endforeach()
