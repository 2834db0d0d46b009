# Unit tests: one doctest binary for the engine (native, and wasm under node),
# and one for the front end's headless mode (native only).
file(GLOB NNPLAY_ENGINE_TEST_SOURCES CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/tests/unit/engine/*.cpp")
add_executable(engine-tests ${NNPLAY_ENGINE_TEST_SOURCES})
target_link_libraries(engine-tests PRIVATE nnplay_engine)
target_include_directories(engine-tests SYSTEM PRIVATE "${DOCTEST_INCLUDE_DIR}")
# The tests that read the real MNIST fail (never skip) when the bootstrap's
# cache does not hold it, saying how to fetch it.
target_compile_definitions(engine-tests PRIVATE
  NNPLAY_FIXTURES="${CMAKE_SOURCE_DIR}/tests/fixtures"
  NNPLAY_MNIST_DIR="${NNPLAY_CACHE}/mnist")
if(NNPLAY_WEB)
  # Node reads the real file system (fixtures, MNIST) through NODERAWFS.
  # STACK_OVERFLOW_CHECK=2: a test that overflows the stack stops there with
  # "stack overflow" instead of writing over the heap.
  target_link_options(engine-tests PRIVATE -sALLOW_MEMORY_GROWTH=1 -sNODERAWFS=1 -sEXIT_RUNTIME=1 -sSTACK_OVERFLOW_CHECK=2)
  set_target_properties(engine-tests PROPERTIES SUFFIX ".js")
endif()
add_test(NAME engine COMMAND engine-tests)

# The WebAssembly engine tests and the browser end-to-end test run from the
# native build's ctest too, so that `make test` ends with one summary line.
# They need the web preset built first (scripts/test.sh does that); when it is
# missing they fail with a message saying so, they are never skipped.
if(NOT NNPLAY_WEB)
  set(NNPLAY_WEB_BUILD_DIR "${CMAKE_SOURCE_DIR}/build/web" CACHE PATH "the web preset's build folder")
  find_program(NNPLAY_NODE node REQUIRED)
  add_test(NAME engine-wasm
    COMMAND "${NNPLAY_NODE}" --no-experimental-fetch "${NNPLAY_WEB_BUILD_DIR}/bin/engine-tests.js")
  set_tests_properties(engine-wasm PROPERTIES ENVIRONMENT "NODE_PATH=/usr/share/nodejs")
  add_test(NAME browser-e2e
    COMMAND "${NNPLAY_NODE}" "${CMAKE_SOURCE_DIR}/tests/browser/e2e.mjs"
      --site "${NNPLAY_WEB_BUILD_DIR}/site" --out "${CMAKE_SOURCE_DIR}/build/screenshots")
  set_tests_properties(browser-e2e PROPERTIES TIMEOUT 600)
  # Playgrounds in other people's pages (tests/browser/embed.mjs): the example
  # course page, focus/keys/wheel manners, postMessage from another origin, a
  # strict CSP, commands while loading, the share link, the one file from disk,
  # every URL key.
  add_test(NAME browser-embed
    COMMAND "${NNPLAY_NODE}" "${CMAKE_SOURCE_DIR}/tests/browser/embed.mjs"
      --site "${NNPLAY_WEB_BUILD_DIR}/site" --one-file "${NNPLAY_WEB_BUILD_DIR}/nnplay.html"
      --out "${CMAKE_SOURCE_DIR}/build/screenshots")
  set_tests_properties(browser-embed PROPERTIES TIMEOUT 900)
  # Hosts lecturers use (issue 19): a slide deck's keys, sandboxed iframes, a
  # sibling frame's messages, over-long strings and files, host ids shadowing
  # the embed's globals, nnplay from another server (with and without CORS), the
  # npm package.json, the share dialog's embed code (tests/browser/hosts.mjs).
  add_test(NAME browser-hosts
    COMMAND "${NNPLAY_NODE}" "${CMAKE_SOURCE_DIR}/tests/browser/hosts.mjs"
      --site "${NNPLAY_WEB_BUILD_DIR}/site" --one-file "${NNPLAY_WEB_BUILD_DIR}/nnplay.html"
      --out "${CMAKE_SOURCE_DIR}/build/screenshots")
  set_tests_properties(browser-hosts PROPERTIES TIMEOUT 600)
  add_test(NAME browser-files
    COMMAND "${NNPLAY_NODE}" "${CMAKE_SOURCE_DIR}/tests/browser/files.mjs" --site "${NNPLAY_WEB_BUILD_DIR}/site")
  set_tests_properties(browser-files PROPERTIES TIMEOUT 300)
  # Nothing lost: a reload continues the run exactly, undo after R (tests/browser/nothing_lost.mjs).
  add_test(NAME browser-nothing-lost
    COMMAND "${NNPLAY_NODE}" "${CMAKE_SOURCE_DIR}/tests/browser/nothing_lost.mjs" --site "${NNPLAY_WEB_BUILD_DIR}/site"
      --out "${CMAKE_SOURCE_DIR}/build/screenshots")
  set_tests_properties(browser-nothing-lost PROPERTIES TIMEOUT 300)
  # The views of issue 10 (gradient, drawing, gallery, one selected sample), screenshots alongside e2e's.
  add_test(NAME browser-views
    COMMAND "${NNPLAY_NODE}" "${CMAKE_SOURCE_DIR}/tests/browser/views.mjs"
      --site "${NNPLAY_WEB_BUILD_DIR}/site" --out "${CMAKE_SOURCE_DIR}/build/screenshots")
  set_tests_properties(browser-views PROPERTIES TIMEOUT 600)
  # A phone in a student's hand (issue 20): touch swipes scroll and change nothing, typed fields open a real
  # input, every view one tap away, lessons that say what changed, the first epoch's test points
  # (tests/browser/phone.mjs).
  add_test(NAME browser-phone
    COMMAND "${NNPLAY_NODE}" "${CMAKE_SOURCE_DIR}/tests/browser/phone.mjs"
      --site "${NNPLAY_WEB_BUILD_DIR}/site" --out "${CMAKE_SOURCE_DIR}/build/screenshots")
  set_tests_properties(browser-phone PROPERTIES TIMEOUT 600)
  # Every student (issue 16): axe-core on index.html (every view) and the course page, Chromium's
  # accessibility tree, keyboard alone, the tree's cost, screenshots at ui_scale=2 and theme=projector
  # (tests/browser/a11y.mjs).
  add_test(NAME browser-a11y
    COMMAND "${NNPLAY_NODE}" "${CMAKE_SOURCE_DIR}/tests/browser/a11y.mjs"
      --site "${NNPLAY_WEB_BUILD_DIR}/site" --out "${CMAKE_SOURCE_DIR}/build/screenshots")
  set_tests_properties(browser-a11y PROPERTIES TIMEOUT 600)
  # The memory ceiling: the largest settings train within the WebAssembly heap,
  # and a batch beyond it is refused with what it needs (tests/browser/memory.mjs).
  add_test(NAME browser-memory
    COMMAND "${NNPLAY_NODE}" "${CMAKE_SOURCE_DIR}/tests/browser/memory.mjs"
      --site "${NNPLAY_WEB_BUILD_DIR}/site" --mnist "${NNPLAY_CACHE}/mnist"
      --out "${CMAKE_SOURCE_DIR}/build/screenshots")
  set_tests_properties(browser-memory PROPERTIES TIMEOUT 900)
  # Training beside the page (issue 17, tests/browser/worker.mjs): the worker's costs and weights are the
  # frames' bit for bit; a heavy lesson leaves the host page's timer running and Pause answers at once;
  # one worker per playground; a CSP without workers falls back to the frames and says so.
  add_test(NAME browser-worker
    COMMAND "${NNPLAY_NODE}" "${CMAKE_SOURCE_DIR}/tests/browser/worker.mjs"
      --site "${NNPLAY_WEB_BUILD_DIR}/site" --out "${CMAKE_SOURCE_DIR}/build/screenshots")
  set_tests_properties(browser-worker PROPERTIES TIMEOUT 600)
  # A short monkey run: random clicks, drags, keys, taps, resizes and settings
  # with a fixed seed (tests/browser/monkey.mjs); `make monkey SEED=n ACTIONS=n`
  # runs a long one.
  set(NNPLAY_MONKEY_SEED 12 CACHE STRING "the seed of make test's monkey run")
  set(NNPLAY_MONKEY_ACTIONS 120 CACHE STRING "the actions of make test's monkey run")
  add_test(NAME monkey
    COMMAND "${NNPLAY_NODE}" "${CMAKE_SOURCE_DIR}/tests/browser/monkey.mjs"
      --site "${NNPLAY_WEB_BUILD_DIR}/site" --out "${CMAKE_SOURCE_DIR}/build/screenshots"
      --seed ${NNPLAY_MONKEY_SEED} --actions ${NNPLAY_MONKEY_ACTIONS})
  set_tests_properties(monkey PROPERTIES TIMEOUT 600)
endif()

# nnplay-cli (native only): bad arguments and files exit non-zero with a
# message; a short training run saves a model that eval loads and scores the same.
if(NOT NNPLAY_WEB AND TARGET nnplay-cli)
  foreach(mode errors train-eval)
    add_test(NAME cli-${mode}
      COMMAND "${CMAKE_COMMAND}" -DCLI=$<TARGET_FILE:nnplay-cli> -DDATA=${NNPLAY_CACHE}/mnist
        -DWORK=${CMAKE_BINARY_DIR}/cli-test-${mode} -DMODE=${mode}
        -P "${CMAKE_SOURCE_DIR}/tests/cli/cli_test.cmake")
  endforeach()
endif()

# The desktop program (native only): --help prints its usage, an unknown option
# is an error, and with no display it says so and exits instead of running.
if(NNPLAY_BUILD_APP AND NOT NNPLAY_WEB)
  add_test(NAME desktop-command-line
    COMMAND "${CMAKE_COMMAND}" -DNNPLAY=$<TARGET_FILE:nnplay> -P "${CMAKE_SOURCE_DIR}/tests/cli/desktop_test.cmake")
endif()

# The front end's headless tests (native only): the whole UI without a GPU, as
# Dear ImGui's null example does, at 1920x1080, 800x600 and 360x640.
if(NNPLAY_BUILD_APP AND NOT NNPLAY_WEB)
  file(GLOB NNPLAY_APP_TEST_SOURCES CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/tests/unit/app/*.cpp")
  add_executable(app-tests ${NNPLAY_APP_TEST_SOURCES})
  target_link_libraries(app-tests PRIVATE nnplay_app)
  target_include_directories(app-tests SYSTEM PRIVATE "${DOCTEST_INCLUDE_DIR}")
  add_test(NAME app-headless COMMAND app-tests)
endif()

# Fuzz regression (native only): each libFuzzer target of tests/fuzz/targets.cmake
# replays its kept corpus and every input that once crashed it, through a small
# driver instead of libFuzzer, so that the normal (gcc) build runs them.
include("${CMAKE_SOURCE_DIR}/tests/fuzz/targets.cmake")
set(NNPLAY_TEST_BINARIES engine-tests)
if(NOT NNPLAY_WEB)
  foreach(name ${NNPLAY_FUZZ_TARGETS})
    add_executable(fuzz-replay-${name} "${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_${name}.cpp"
      "${CMAKE_SOURCE_DIR}/tests/fuzz/replay_main.cpp")
    target_link_libraries(fuzz-replay-${name} PRIVATE nnplay_engine)
    add_test(NAME fuzz-replay-${name} COMMAND fuzz-replay-${name}
      "${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/${name}" "${CMAKE_SOURCE_DIR}/tests/fuzz/crashes/${name}")
    list(APPEND NNPLAY_TEST_BINARIES fuzz-replay-${name})
  endforeach()
endif()
if(TARGET app-tests)
  list(APPEND NNPLAY_TEST_BINARIES app-tests)
endif()
# Every test program, and nothing else (scripts/test.sh builds this in the asan preset).
add_custom_target(test-binaries)
add_dependencies(test-binaries ${NNPLAY_TEST_BINARIES})

# The same tests built with AddressSanitizer + UBSan (the asan preset, which
# halts on the first finding) run from the native build's ctest too. Like the
# WebAssembly tests they need their build first (scripts/test.sh makes it) and
# fail with a message when it is missing.
if(NOT NNPLAY_WEB AND NOT NNPLAY_SANITIZE)
  set(NNPLAY_ASAN_BUILD_DIR "${CMAKE_SOURCE_DIR}/build/asan" CACHE PATH "the asan preset's build folder")
  set(asan_env "ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:check_initialization_order=1"
    "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
  add_test(NAME asan-engine COMMAND "${NNPLAY_ASAN_BUILD_DIR}/bin/engine-tests")
  set_tests_properties(asan-engine PROPERTIES ENVIRONMENT "${asan_env}" TIMEOUT 900)
  if(TARGET app-tests)
    add_test(NAME asan-app COMMAND "${NNPLAY_ASAN_BUILD_DIR}/bin/app-tests")
    set_tests_properties(asan-app PROPERTIES ENVIRONMENT "${asan_env}" TIMEOUT 900)
  endif()
  foreach(name ${NNPLAY_FUZZ_TARGETS})
    add_test(NAME asan-fuzz-replay-${name} COMMAND "${NNPLAY_ASAN_BUILD_DIR}/bin/fuzz-replay-${name}"
      "${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/${name}" "${CMAKE_SOURCE_DIR}/tests/fuzz/crashes/${name}")
    set_tests_properties(asan-fuzz-replay-${name} PROPERTIES ENVIRONMENT "${asan_env}")
  endforeach()
endif()

option(NNPLAY_FUZZ "build the libFuzzer targets (clang)" OFF)
if(NNPLAY_FUZZ)
  include("${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz.cmake")
endif()

# README.md's table of settings equals the engine's table (make readme rewrites it).
if(NOT NNPLAY_WEB AND TARGET nnplay-cli)
  add_test(NAME readme-settings
    COMMAND "${CMAKE_COMMAND}" -DCLI=$<TARGET_FILE:nnplay-cli> -DREADME=${CMAKE_SOURCE_DIR}/README.md -DMODE=check
      -P "${CMAKE_SOURCE_DIR}/tests/readme/readme_settings.cmake")
endif()

# The engine includes no SDL, GL, ImGui or Emscripten HTML5 header, and each
# part of the engine includes only its own layer and those below it
# (util < kernels < data < nn and settings < io, train < cli), and nothing
# includes engine/cli.
if(NOT NNPLAY_WEB)
  add_test(NAME engine-has-no-ui
    COMMAND "${CMAKE_COMMAND}" -DROOT=${CMAKE_SOURCE_DIR} -P "${CMAKE_SOURCE_DIR}/tests/layering/engine_has_no_ui.cmake")
  add_test(NAME engine-layers
    COMMAND "${CMAKE_COMMAND}" -DROOT=${CMAKE_SOURCE_DIR} -P "${CMAKE_SOURCE_DIR}/tests/layering/engine_layers.cmake")
endif()

# The PyTorch export (native only): the exported model.py, run with Debian's
# python3 and python3-torch (scripts/bootstrap.sh installs them; the pyenv
# python a PATH may hold does not see Debian's packages), matches the engine's
# outputs and predictions, trains further, and the page's zip holds the same
# files. Without torch it fails with a message, never skips.
if(NOT NNPLAY_WEB AND TARGET nnplay-cli)
  add_executable(export_helper "${CMAKE_SOURCE_DIR}/tests/export/export_helper.cpp")
  target_link_libraries(export_helper PRIVATE nnplay_engine)
  find_program(NNPLAY_DEBIAN_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH REQUIRED)
  add_test(NAME export-pytorch
    COMMAND "${NNPLAY_DEBIAN_PYTHON}" "${CMAKE_SOURCE_DIR}/tests/export/test_pytorch_export.py"
      --cli $<TARGET_FILE:nnplay-cli> --helper $<TARGET_FILE:export_helper>
      --mnist "${NNPLAY_CACHE}/mnist" --work "${CMAKE_BINARY_DIR}/export-test")
  set_tests_properties(export-pytorch PROPERTIES TIMEOUT 600)
endif()
