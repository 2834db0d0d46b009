# Unit tests: one doctest binary for the engine (native, and wasm under node),
# and one for the front end's headless mode (native only).
file(GLOB NNPLAY_ENGINE_TEST_SOURCES CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/tests/unit/engine/*.cpp")
add_executable(engine-tests ${NNPLAY_ENGINE_TEST_SOURCES})
target_link_libraries(engine-tests PRIVATE nnplay_engine)
target_include_directories(engine-tests SYSTEM PRIVATE "${DOCTEST_INCLUDE_DIR}")
target_compile_definitions(engine-tests PRIVATE
  NNPLAY_FIXTURES="${CMAKE_SOURCE_DIR}/tests/fixtures"
  NNPLAY_MNIST_DIR="${NNPLAY_CACHE}/mnist")
if(NNPLAY_WEB)
  # Node reads the real file system (fixtures, MNIST) through NODERAWFS.
  target_link_options(engine-tests PRIVATE -sALLOW_MEMORY_GROWTH=1 -sNODERAWFS=1 -sEXIT_RUNTIME=1)
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
  add_test(NAME browser-files
    COMMAND "${NNPLAY_NODE}" "${CMAKE_SOURCE_DIR}/tests/browser/files.mjs" --site "${NNPLAY_WEB_BUILD_DIR}/site")
  set_tests_properties(browser-files PROPERTIES TIMEOUT 300)
  # The views of issue 10 (gradient, drawing, gallery, one selected sample), screenshots alongside e2e's.
  add_test(NAME browser-views
    COMMAND "${NNPLAY_NODE}" "${CMAKE_SOURCE_DIR}/tests/browser/views.mjs"
      --site "${NNPLAY_WEB_BUILD_DIR}/site" --out "${CMAKE_SOURCE_DIR}/build/screenshots")
  set_tests_properties(browser-views PROPERTIES TIMEOUT 600)
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

# The engine includes no SDL, GL, ImGui or Emscripten HTML5 header.
if(NOT NNPLAY_WEB)
  add_test(NAME engine-has-no-ui
    COMMAND "${CMAKE_COMMAND}" -DROOT=${CMAKE_SOURCE_DIR} -P "${CMAKE_SOURCE_DIR}/tests/layering/engine_has_no_ui.cmake")
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
