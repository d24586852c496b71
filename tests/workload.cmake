# SPDX-License-Identifier: MIT
# The CUDA burner runs for real only where a GPU is present (exit 3 = no device -> skipped).
if(TARGET jtune-burn)
  add_test(NAME burn_cuda COMMAND jtune-burn --batches 2 --batch-ms 200 --idle-ms 100)
  set_tests_properties(burn_cuda PROPERTIES SKIP_RETURN_CODE 3 TIMEOUT 60
                       PASS_REGULAR_EXPRESSION "jtune-batch end 2")
endif()
