# SPDX-License-Identifier: MIT
# Warning flags, each checked with the compiler in use (gcc and clang differ), and the
# sanitizer and reproducibility flags.
include(CheckCCompilerFlag)

set(JTUNE_WARNINGS)
foreach(_flag -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes -Wvla
        -Wcast-qual -Wwrite-strings -Wundef -Wno-format-nonliteral -Wno-format-truncation)
  # check the positive form: compilers accept an unknown -Wno-x silently
  string(REGEX REPLACE "^-Wno-" "-W" _probe "${_flag}")
  string(MAKE_C_IDENTIFIER "JTUNE_HAS${_probe}" _var)
  check_c_compiler_flag("${_probe}" ${_var})
  if(${_var})
    list(APPEND JTUNE_WARNINGS ${_flag})
  endif()
endforeach()
if(JTUNE_WERROR)
  list(APPEND JTUNE_WARNINGS -Werror)
endif()

# No path of the build machine in the objects (__FILE__ in assert(), debug info): the source
# and build trees are mapped to fixed names, so installed binaries carry no build path and
# two builds in different directories are identical.
set(JTUNE_PREFIX_MAP)
check_c_compiler_flag("-ffile-prefix-map=/a=/b" JTUNE_HAS_FILE_PREFIX_MAP)
if(JTUNE_HAS_FILE_PREFIX_MAP)
  set(JTUNE_PREFIX_MAP "-ffile-prefix-map=${CMAKE_SOURCE_DIR}=jtune"
      "-ffile-prefix-map=${CMAKE_BINARY_DIR}=jtune-build")
endif()

if(JTUNE_SANITIZE)
  set(JTUNE_SAN_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined
      -fno-omit-frame-pointer)
endif()

# Test builds for an emulator only (core/emuexec.h): never set for a build that ships.
set(JTUNE_EXEC_EMULATOR "" CACHE FILEPATH
    "User-mode emulator that runs this build's programs (cross-build test runs only)")

function(jtune_warnings target)
  target_compile_options(${target} PRIVATE ${JTUNE_WARNINGS} ${JTUNE_PREFIX_MAP})
  target_compile_definitions(${target} PRIVATE _GNU_SOURCE)
  if(JTUNE_EXEC_EMULATOR)
    target_compile_definitions(${target} PRIVATE JTUNE_EXEC_EMULATOR="${JTUNE_EXEC_EMULATOR}")
  endif()
  if(JTUNE_SANITIZE)
    target_compile_options(${target} PRIVATE ${JTUNE_SAN_FLAGS})
    target_link_options(${target} PUBLIC ${JTUNE_SAN_FLAGS})
  endif()
endfunction()
