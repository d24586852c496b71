# SPDX-License-Identifier: MIT
# libFuzzer targets for the helper (tests/fuzz/): the two decoders, request sequences on a
# board tree (restore must be exact), journal file I/O and the nvpmodel.conf parser. With
# clang and libFuzzer (Debian: clang libclang-rt-14-dev) each target fuzzes briefly under
# ctest (helper_fuzz_NAME); every build also replays the seeds (tests/fuzz/seeds_NAME/) through
# the same target built with the project's compiler (helper_fuzz_NAME_seeds), so a compiler
# without libFuzzer still runs them. tests/fuzz/run.sh runs the targets for longer.
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
# The newer targets link what they use from one instrumented archive of the helper and the
# code below it (core, platform, conf, priv, ipc, the simulator's nvpmodel stand-in, the test fixtures).
set(_fuzz_session_srcs ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_session.c)
set(_fuzz_journal_io_srcs ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_journal_io.c)
set(_fuzz_nvpconf_srcs ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_nvpconf.c)
set(_fuzz_session_ldflags -Wl,--wrap=nvpm_set_mode)
set(_fuzz_max_len_request 256)
set(_fuzz_max_len_journal 256)
set(_fuzz_max_len_session 384)
set(_fuzz_max_len_journal_io 1024)
set(_fuzz_max_len_nvpconf 4096)
set(_fuzz_runs_session 3000)
set(_fuzz_runs_journal_io 20000)
set(_fuzz_names request journal session journal_io nvpconf)
set(_fuzz_archive_users session journal_io nvpconf)

# Seed replay with the project's compiler: the same target with a small main (replay_main.c).
foreach(name ${_fuzz_names})
  set(_exe fuzz_replay_${name})
  add_executable(${_exe} ${CMAKE_SOURCE_DIR}/tests/fuzz/replay_main.c ${_fuzz_${name}_srcs})
  target_link_libraries(${_exe} PRIVATE jt_testsupport jt_helper jt_sim)
  target_link_options(${_exe} PRIVATE ${_fuzz_${name}_ldflags})
  jtune_warnings(${_exe})
  add_test(NAME helper_fuzz_${name}_seeds
           COMMAND ${_exe} ${CMAKE_SOURCE_DIR}/tests/fuzz/seeds_${name})
  set_tests_properties(helper_fuzz_${name}_seeds PROPERTIES TIMEOUT 120
                       ENVIRONMENT "${JTUNE_TEST_ENV}")
endforeach()

if(NOT _fuzz_skip)
  file(GLOB _fuzz_lib_srcs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/core/*.c
       ${CMAKE_SOURCE_DIR}/src/platform/*.c ${CMAKE_SOURCE_DIR}/src/helper/*.c
       ${CMAKE_SOURCE_DIR}/src/platform/jetson/*.c ${CMAKE_SOURCE_DIR}/src/priv/*.c
       ${CMAKE_SOURCE_DIR}/src/conf/*.c)
  list(FILTER _fuzz_lib_srcs EXCLUDE REGEX "/main_[^/]*\\.c$")
  list(APPEND _fuzz_lib_srcs ${CMAKE_SOURCE_DIR}/src/ipc/proto.c
       ${CMAKE_SOURCE_DIR}/src/sim/nvpmodel.c ${CMAKE_SOURCE_DIR}/tests/support/fixture.c)
  set(_fuzz_objdir ${CMAKE_BINARY_DIR}/tests/fuzz_objs)
  set(_fuzz_lib ${CMAKE_BINARY_DIR}/tests/libjtune_fuzz.a)
  string(REPLACE ";" " " _fuzz_lib_srcs_str "${_fuzz_lib_srcs}")
  add_custom_command(OUTPUT ${_fuzz_lib}
    COMMAND sh -c "rm -rf '${_fuzz_objdir}' && mkdir -p '${_fuzz_objdir}' && cd '${_fuzz_objdir}' \
&& for f in ${_fuzz_lib_srcs_str}; do o=\$(printf %s \"\$f\" | tr / _).o; \
'${JTUNE_FUZZ_CC}' -c -g -O1 -std=c11 -D_GNU_SOURCE \
-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined \
-I'${CMAKE_SOURCE_DIR}/include' -I'${CMAKE_BINARY_DIR}/generated' \
-I'${CMAKE_SOURCE_DIR}/tests/support' \
-DJTUNE_TEST_SOURCE_DIR='\"${CMAKE_SOURCE_DIR}\"' -DJTUNE_TEST_BUILD_DIR='\"${CMAKE_BINARY_DIR}\"' \
\"\$f\" -o \"\$o\" || exit 1; done && rm -f '${_fuzz_lib}' && ar rcs '${_fuzz_lib}' *.o"
    DEPENDS ${_fuzz_lib_srcs}
    COMMENT "instrumented archive for the libFuzzer targets" VERBATIM)
  # (one object per source, named after its path: two areas may have files of one name)
  # one target owns the archive, so parallel builds of the fuzzers never make it twice at once
  add_custom_target(fuzz_archive DEPENDS ${_fuzz_lib})
endif()

foreach(name ${_fuzz_names})
  set(_test helper_fuzz_${name})
  if(_fuzz_skip)
    add_test(NAME ${_test} COMMAND sh -c "echo 'skipped: ${_fuzz_skip}'; exit 77")
    set_tests_properties(${_test} PROPERTIES SKIP_RETURN_CODE 77)
    continue()
  endif()
  set(_bin ${CMAKE_BINARY_DIR}/tests/fuzz_${name})
  set(_srcs ${_fuzz_${name}_srcs})
  set(_libs "")
  set(_deps ${_srcs})
  if(name IN_LIST _fuzz_archive_users)
    set(_libs ${_fuzz_lib} -linih -lcap -lm -ldl)
    list(APPEND _deps ${_fuzz_lib})
  endif()
  add_custom_command(OUTPUT ${_bin}
    COMMAND ${JTUNE_FUZZ_CC} -g -O1 -std=c11 -D_GNU_SOURCE
            -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
            -I${CMAKE_SOURCE_DIR}/include -I${CMAKE_BINARY_DIR}/generated
            -I${CMAKE_SOURCE_DIR}/tests/support
            ${_srcs} ${_libs} ${_fuzz_${name}_ldflags} -o ${_bin}
    DEPENDS ${_deps}
    COMMENT "libFuzzer target fuzz_${name}" VERBATIM)
  add_custom_target(fuzz_${name} ALL DEPENDS ${_bin})
  if(name IN_LIST _fuzz_archive_users)
    add_dependencies(fuzz_${name} fuzz_archive)
  endif()
  set(_corpus ${CMAKE_BINARY_DIR}/tests/fuzz_${name}_corpus)
  set(_seeds ${CMAKE_SOURCE_DIR}/tests/fuzz/seeds_${name})
  set(_runs 200000)
  if(_fuzz_runs_${name})
    set(_runs ${_fuzz_runs_${name}})
  endif()
  add_test(NAME ${_test}
           COMMAND sh -c "mkdir -p '${_corpus}' '${_corpus}_crashes' && exec '${_bin}' \
-runs=${_runs} -seed=1 -max_len=${_fuzz_max_len_${name}} -artifact_prefix='${_corpus}_crashes/' \
'${_corpus}' '${_seeds}'")
  set_tests_properties(${_test} PROPERTIES TIMEOUT 300 ENVIRONMENT "${JTUNE_TEST_ENV}")
endforeach()
