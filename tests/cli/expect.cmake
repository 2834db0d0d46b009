# expect.cmake: what the command-line tests share (include it from a -P script).
#   run_expecting(<exit code | nonzero> <out_var> <command> [args...])
#     runs the command (at most 120 s: one still running then counts as a
#     failure) and fails unless it exits as expected; stdout and stderr land
#     in out_var.
#   expect(<text> <regex>)
#     fails unless text matches; the first group, if any, lands in MATCHED.

function(run_expecting expect_code out_var)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
  string(JOIN " " shown ${ARGN})
  if(expect_code STREQUAL "nonzero")
    if(code STREQUAL "0")
      message(FATAL_ERROR "${shown}: exited 0, expected an error\n${out}${err}")
    endif()
  elseif(NOT code STREQUAL "${expect_code}")
    message(FATAL_ERROR "${shown}: exited '${code}', expected ${expect_code}\n${out}${err}")
  endif()
  set(${out_var} "${out}${err}" PARENT_SCOPE)
endfunction()

function(expect text regex)
  if(NOT text MATCHES "${regex}")
    message(FATAL_ERROR "expected output matching '${regex}', got:\n${text}")
  endif()
  set(MATCHED "${CMAKE_MATCH_1}" PARENT_SCOPE)
endfunction()
