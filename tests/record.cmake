# Recording tools end to end (scripts under tests/record/): plots that xmllint accepts with
# the expected charts and markers, and that headless Chromium renders. A missing tool is an
# honest skip (exit 77) with a message saying which.
foreach(t svg_xml svg_browser)
  add_test(NAME record_${t} COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/record/${t}.sh)
  set_tests_properties(record_${t} PROPERTIES ENVIRONMENT "${JTUNE_TEST_ENV}"
                       SKIP_RETURN_CODE 77 TIMEOUT 240)
endforeach()
