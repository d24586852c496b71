# SPDX-License-Identifier: MIT
# Built-in workloads: the CPU burner always; the CUDA burner when a CUDA compiler is found.
find_package(Threads REQUIRED)
jtune_program(jtune-burn-cpu src/workload/main_burn_cpu.c jt_workload Threads::Threads)
install(TARGETS jtune-burn-cpu RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

if(JTUNE_CUDA AND CMAKE_CROSSCOMPILING AND NOT CMAKE_CUDA_COMPILER)
  # check_language would find the host's nvcc, which cannot link for the target
  message(STATUS "Cross-compiling: jtune-burn (CUDA) is built only when CMAKE_CUDA_COMPILER "
                 "names a compiler for the target")
elseif(JTUNE_CUDA)
  include(CheckLanguage)
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
      # Orin (sm_87) and a data-centre GPU (sm_90); override with -DCMAKE_CUDA_ARCHITECTURES.
      set(CMAKE_CUDA_ARCHITECTURES 87 90)
    endif()
    if(CMAKE_VERSION VERSION_LESS 3.18)
      # CMake before 3.18 ignores CMAKE_CUDA_ARCHITECTURES: pass the same list to nvcc
      foreach(_arch ${CMAKE_CUDA_ARCHITECTURES})
        string(APPEND CMAKE_CUDA_FLAGS " -gencode arch=compute_${_arch},code=sm_${_arch}")
      endforeach()
    endif()
    enable_language(CUDA)
    add_executable(jtune-burn src/workload/burn_cuda.cu)
    target_link_libraries(jtune-burn PRIVATE jt_workload)
    set_target_properties(jtune-burn PROPERTIES CUDA_STANDARD 17)
    # no build path in the binary: the host compiler maps them as for the C programs
    foreach(_map ${JTUNE_PREFIX_MAP})
      target_compile_options(jtune-burn PRIVATE "-Xcompiler=${_map}")
    endforeach()
    install(TARGETS jtune-burn RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
    message(STATUS "jtune-burn (CUDA) will be built with ${CMAKE_CUDA_COMPILER}")
  else()
    message(STATUS "No CUDA compiler: jtune-burn (CUDA) is not built; jtune-burn-cpu is")
  endif()
endif()
