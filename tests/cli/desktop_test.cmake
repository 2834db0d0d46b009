# Runs the desktop program the way a new user would, without a display:
#   cmake -DNNPLAY=<nnplay> -P desktop_test.cmake
# --help prints the usage and exits 0; an unknown option exits 2 naming it;
# with no display (DISPLAY, WAYLAND_DISPLAY and SDL_VIDEODRIVER unset) it says
# so and exits 1 within seconds instead of running with no window (expect.cmake
# stops a run at 120 s and fails it).

include("${CMAKE_CURRENT_LIST_DIR}/expect.cmake")

function(run_nnplay expect_code out_var)
  run_expecting(${expect_code} out "${CMAKE_COMMAND}" -E env --unset=DISPLAY --unset=WAYLAND_DISPLAY
    --unset=SDL_VIDEODRIVER --unset=XDG_RUNTIME_DIR "${NNPLAY}" ${ARGN})
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()

run_nnplay(0 out --help)
expect("${out}" "Usage: nnplay")
expect("${out}" "--data")
expect("${out}" "--train")

run_nnplay(2 out --bogus)
expect("${out}" "nnplay: error: .*--bogus")
run_nnplay(2 out --train many)
expect("${out}" "nnplay: error: .*--train")

# No display: a message and exit code 1, well before the timeout (a
# program that runs on without a window is killed there and fails).
run_nnplay(1 out --train 100 --test 100)
expect("${out}" "no display|cannot open a window")
message(STATUS "nnplay --help, --bogus and no display: as expected")
