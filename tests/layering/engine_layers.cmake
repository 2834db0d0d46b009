# Fails when a part of the engine includes a part above it. The engine's folders
# are layered, lowest first:
#   util      helpers (aligned buffers, the random stream)
#   kernels   the hot loops (and the Activation enum they compute)
#   data      datasets and the IDX reader
#   nn        configurations, layers, the network, optimizers; with
#   settings  the table of settings, which nn's configurations validate by and
#             whose rows hold them (one layer in two folders)
#   train     the trainer and the benchmark workloads
#   io        files: models, exports, histories, and a whole run (session_file,
#             which holds the trainer's state: io sits above train)
#   cli       nnplay-cli, the top (nothing else includes it)
# and nothing outside engine/cli (bench/, web/, tests/) includes engine/cli.
#   cmake -DROOT=<source dir> -P engine_layers.cmake
cmake_minimum_required(VERSION 3.22)
set(allowed_util "util")
set(allowed_kernels "kernels;util")
set(allowed_data "data;util")
set(allowed_nn "nn;settings;kernels;data;util")
set(allowed_settings "settings;nn;kernels;data;util")
set(allowed_io "io;train;nn;settings;kernels;data;util")
set(allowed_train "train;nn;settings;kernels;data;util")
set(allowed_cli "cli;io;train;nn;settings;kernels;data;util")

file(GLOB_RECURSE files "${ROOT}/engine/*.h" "${ROOT}/engine/*.cpp")
set(bad "")
set(checked 0)
foreach(f ${files})
  file(RELATIVE_PATH rel "${ROOT}" "${f}")
  string(REGEX REPLACE "^engine/([^/]+)/.*" "\\1" part "${rel}")
  if(NOT DEFINED allowed_${part})
    string(APPEND bad "\n  ${rel}: engine/${part}/ is not in this test's list of layers")
    continue()
  endif()
  math(EXPR checked "${checked} + 1")
  file(STRINGS "${f}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"engine/")
  foreach(line ${lines})
    string(REGEX REPLACE ".*\"engine/([^/\"]+)/.*" "\\1" target "${line}")
    if(NOT target IN_LIST allowed_${part})
      string(APPEND bad "\n  ${rel}: ${line} (engine/${part} may include only: ${allowed_${part}})")
    endif()
  endforeach()
endforeach()
file(GLOB_RECURSE outside "${ROOT}/bench/*.cpp" "${ROOT}/bench/*.h" "${ROOT}/web/*.cpp" "${ROOT}/web/*.h"
  "${ROOT}/tests/*.cpp" "${ROOT}/tests/*.h")
foreach(f ${outside})
  file(STRINGS "${f}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"engine/cli/")
  foreach(line ${lines})
    file(RELATIVE_PATH rel "${ROOT}" "${f}")
    string(APPEND bad "\n  ${rel}: ${line} (engine/cli is the top: take what it shares from below)")
  endforeach()
endforeach()
if(checked EQUAL 0)
  message(FATAL_ERROR "no engine sources found under ${ROOT}/engine")
endif()
if(bad)
  message(FATAL_ERROR "the engine's layers include upwards:${bad}")
endif()
message(STATUS "${checked} engine files include only their own layer and those below it")
