# Runs the desktop program the way a new user would, without a display:
#   cmake -DNNPLAY=<nnplay> -P desktop_test.cmake
# --help prints the usage and exits 0, with a flag per setting of the table;
# an unknown option or a setting's bad value exits 2 naming it;
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
# Every setting of the table, as nnplay-cli train and the URL take them.
expect("${out}" "--preset")
expect("${out}" "--lr NUMBER")
expect("${out}" "--train-subset INT")
expect("${out}" "--panels NAME,...")

run_nnplay(2 out --bogus)
expect("${out}" "nnplay: error: .*--bogus")
run_nnplay(2 out --train many)
expect("${out}" "nnplay: error: .*--train")
# A setting's value is read through the table before any window opens.
run_nnplay(2 out --lr fast)
expect("${out}" "nnplay: error: --lr: lr must be a number from 0.00001 to 1,000")
run_nnplay(2 out --preset nosuchlesson)
expect("${out}" "nnplay: error: --preset: preset must be one of")

# No display: a message and exit code 1, well before the timeout (a
# program that runs on without a window is killed there and fails).
run_nnplay(1 out --train 100 --test 100)
expect("${out}" "no display|cannot open a window")
# Good settings pass the command line (and stop only at the missing display).
run_nnplay(1 out --preset overfitting --lr 1 --train 100 --test 100)
expect("${out}" "no display|cannot open a window")
# The settings flags apply as the URL's do, each on its own, after the data
# is in: with SDL's offscreen driver (asked for, so it runs) a batch larger
# than the images in use is said on stderr before the window's loop starts.
# The program runs on until the timeout stops it.
execute_process(COMMAND "${CMAKE_COMMAND}" -E env SDL_VIDEODRIVER=offscreen "${NNPLAY}" --train 100 --test 100
    --preset overfitting --lr 1 --batch 500
  OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 10)
expect("${out}${err}" "nnplay: --batch: the batch size \\(batch 500\\) cannot exceed the 100 training images in use")
message(STATUS "nnplay --help, --bogus, settings flags and no display: as expected")
