# The Dear ImGui front end: one App (web/app/) for the web page and the desktop.
# Dear ImGui's sources come from Debian's imgui source package in the cache;
# SDL2 is Debian's libsdl2-dev natively, and the cache's own wasm build on the web.
file(GLOB NNPLAY_IMGUI_DIR LIST_DIRECTORIES true "${NNPLAY_CACHE}/src/imgui-*")
list(FILTER NNPLAY_IMGUI_DIR INCLUDE REGEX "imgui-[0-9][^/]*$")
if(NOT NNPLAY_IMGUI_DIR OR NOT EXISTS "${NNPLAY_IMGUI_DIR}/imgui.cpp")
  message(FATAL_ERROR "Dear ImGui sources not found in ${NNPLAY_CACHE}/src: run scripts/bootstrap.sh")
endif()
list(GET NNPLAY_IMGUI_DIR 0 NNPLAY_IMGUI_DIR)

# ---- Dear ImGui core (no backend: also used headless by the tests) -------------
add_library(imgui_core STATIC
  "${NNPLAY_IMGUI_DIR}/imgui.cpp" "${NNPLAY_IMGUI_DIR}/imgui_draw.cpp"
  "${NNPLAY_IMGUI_DIR}/imgui_tables.cpp" "${NNPLAY_IMGUI_DIR}/imgui_widgets.cpp")
target_include_directories(imgui_core SYSTEM PUBLIC "${NNPLAY_IMGUI_DIR}")
target_compile_definitions(imgui_core PUBLIC IMGUI_DISABLE_OBSOLETE_FUNCTIONS)
# Dear ImGui reports every item it draws to "test engine" hooks, which the App
# defines (web/app/a11y.cpp): the playground's accessibility tree is built from them.
target_compile_definitions(imgui_core PUBLIC IMGUI_ENABLE_TEST_ENGINE)
target_compile_definitions(imgui_core PUBLIC "ImDrawIdx=unsigned int")  # WebGL2 draws 32-bit indices: no 65,536-vertex limit per window

# ---- the font, embedded into the binary ------------------------------------------
# Inter (Debian's fonts-inter) reads well at small sizes. assets/subset_font.py
# keeps only the characters web/app/style.cpp's kGlyphs lists (22 KB instead of
# 259 KB); xxd turns it into a C array.
find_file(NNPLAY_FONT_FILE Inter-Regular.otf PATHS /usr/share/fonts/opentype/inter
  NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH REQUIRED)
find_program(XXD xxd REQUIRED NO_CMAKE_FIND_ROOT_PATH)
find_program(NNPLAY_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
if(NOT NNPLAY_PYTHON)
  find_program(NNPLAY_PYTHON python3 REQUIRED NO_CMAKE_FIND_ROOT_PATH)
endif()
set(NNPLAY_FONT_SUBSET "${CMAKE_BINARY_DIR}/generated/Inter-Regular-subset.otf")
set(NNPLAY_FONT_C "${CMAKE_BINARY_DIR}/generated/font_inter.c")
add_custom_command(OUTPUT "${NNPLAY_FONT_C}"
  COMMAND ${CMAKE_COMMAND} -E make_directory "${CMAKE_BINARY_DIR}/generated"
  COMMAND "${NNPLAY_PYTHON}" "${CMAKE_SOURCE_DIR}/assets/subset_font.py" --font "${NNPLAY_FONT_FILE}"
    --ranges-from "${CMAKE_SOURCE_DIR}/web/app/style.cpp" --out "${NNPLAY_FONT_SUBSET}"
  COMMAND "${XXD}" -i -n nnplay_font_inter "${NNPLAY_FONT_SUBSET}" > "${NNPLAY_FONT_C}"
  DEPENDS "${NNPLAY_FONT_FILE}" "${CMAKE_SOURCE_DIR}/assets/subset_font.py" "${CMAKE_SOURCE_DIR}/web/app/style.cpp"
  COMMENT "Inter, cut to the UI's characters" VERBATIM)

# ---- the App: panels, plots, state (no SDL/GL: runs headless in tests) ----------
file(GLOB NNPLAY_APP_SOURCES CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/web/app/*.cpp")
if(NNPLAY_WEB)  # the page trains in a Web Worker, not on a thread
  list(FILTER NNPLAY_APP_SOURCES EXCLUDE REGEX "/thread_link\\.cpp$")
endif()
add_library(nnplay_app STATIC ${NNPLAY_APP_SOURCES} "${NNPLAY_FONT_C}")
target_include_directories(nnplay_app PUBLIC "${CMAKE_SOURCE_DIR}")
target_link_libraries(nnplay_app PUBLIC nnplay_engine imgui_core)
# The desktop trains on a std::thread (web/app/run_controller.cpp); the page
# in a Web Worker, without threads in the WebAssembly.
if(NOT NNPLAY_WEB)
  find_package(Threads REQUIRED)
  target_link_libraries(nnplay_app PUBLIC Threads::Threads)
endif()
target_compile_options(nnplay_app PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra>)
# The page's download has a budget (make dist: 2.5 MB gzipped). The UI's code
# (the App and Dear ImGui) is built for size on the web: it builds a frame in
# about a millisecond either way (-Oz: 1.7 KB gzipped smaller than -Os), while
# the engine's kernels keep -O3.
if(NNPLAY_WEB)
  target_compile_options(nnplay_app PRIVATE -Oz)
  target_compile_options(imgui_core PRIVATE -Oz)
endif()

# ---- the shaders, embedded into the binary ----------------------------------------
# shaders/*.vert and *.frag (GLSL ES 3.00 without the version line, which the
# renderer adds) become generated/shader_<name>_<ext>.h: xxd -i arrays.
file(GLOB NNPLAY_SHADER_FILES CONFIGURE_DEPENDS
  "${CMAKE_SOURCE_DIR}/shaders/*.vert" "${CMAKE_SOURCE_DIR}/shaders/*.frag")
set(NNPLAY_SHADER_HEADERS)
foreach(f ${NNPLAY_SHADER_FILES})
  get_filename_component(name "${f}" NAME_WE)
  get_filename_component(ext "${f}" LAST_EXT)
  string(SUBSTRING "${ext}" 1 -1 ext)
  set(out "${CMAKE_BINARY_DIR}/generated/shader_${name}_${ext}.h")
  add_custom_command(OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${CMAKE_BINARY_DIR}/generated"
    COMMAND "${XXD}" -i -n "nnplay_shader_${name}_${ext}" "${f}" > "${out}"
    DEPENDS "${f}" VERBATIM)
  list(APPEND NNPLAY_SHADER_HEADERS "${out}")
endforeach()

# ---- platform backend, renderer, main loop ---------------------------------------
# Dear ImGui's SDL2 backend feeds input; the drawing is web/render/ (our own
# renderer, see ui_renderer.h for why not Dear ImGui's OpenGL3 backend).
set(NNPLAY_BACKENDS
  "${NNPLAY_IMGUI_DIR}/backends/imgui_impl_sdl.cpp"
  "${CMAKE_SOURCE_DIR}/web/render/gl.cpp"
  "${CMAKE_SOURCE_DIR}/web/render/ui_renderer.cpp"
  "${CMAKE_SOURCE_DIR}/web/render/diagram_renderer.cpp"
  ${NNPLAY_SHADER_HEADERS})

if(NNPLAY_WEB)
  set(SDL2_WASM "${NNPLAY_CACHE}/sdl2-wasm")
  file(GLOB NNPLAY_SDL2_SOURCE_DIR LIST_DIRECTORIES true "${NNPLAY_CACHE}/src/libsdl2-[0-9]*")
  list(FILTER NNPLAY_SDL2_SOURCE_DIR INCLUDE REGEX "libsdl2-[0-9][^/]*$")
  if(NOT NNPLAY_SDL2_SOURCE_DIR)
    message(FATAL_ERROR "SDL2 sources (for its licence) not found in ${NNPLAY_CACHE}/src: run scripts/bootstrap.sh")
  endif()
  list(GET NNPLAY_SDL2_SOURCE_DIR 0 NNPLAY_SDL2_SOURCE_DIR)
  if(NOT EXISTS "${SDL2_WASM}/lib/libSDL2.a")
    message(FATAL_ERROR "SDL2 for wasm not found in ${SDL2_WASM}: run scripts/bootstrap.sh")
  endif()
  # The C functions the page's API calls (web/page_api.cpp), one per line in exports.txt.
  file(STRINGS "${CMAKE_SOURCE_DIR}/web/page/exports.txt" NNPLAY_EXPORTS)
  list(JOIN NNPLAY_EXPORTS "," NNPLAY_EXPORTS)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/web/page/exports.txt")
  # Compiled once, linked twice: nnplay.js + nnplay.wasm for the site, and one
  # JavaScript file with the wasm inside for the one-file page (dist/nnplay.html).
  add_library(nnplay_web_main OBJECT web/main.cpp web/page_api.cpp web/worker_link.cpp ${NNPLAY_BACKENDS})
  target_include_directories(nnplay_web_main PRIVATE "${SDL2_WASM}/include/SDL2" "${NNPLAY_IMGUI_DIR}/backends"
    "${CMAKE_BINARY_DIR}/generated")
  # WebGL2 through Emscripten's GLES3 headers (web/render/ui_renderer.cpp).
  target_compile_definitions(nnplay_web_main PRIVATE NNPLAY_GLES3)
  target_link_libraries(nnplay_web_main PRIVATE nnplay_app)
  # ENVIRONMENT=web,worker: the same nnplay.js and nnplay.wasm start in each
  # playground's Web Worker too, without main() (web/page/nnplay-worker.js,
  # web/worker_link.cpp), so training runs beside the page at no extra download.
  # MODULARIZE: each createNnplay() call is a playground of its own (runtime,
  # GL context, SDL), so a page can hold several; specialHTMLTargets lets the
  # page give each instance its canvas under SDL's fixed selector "#canvas".
  # DYNAMIC_EXECUTION=0: no eval or new Function, so pages with a strict
  # Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval') run it.
  # Debug builds check the stack pointer wherever it moves (level 2; the
  # WebAssembly engine tests do too, tests/tests.cmake). The Release page does
  # not: it trained at the same speed with the check, but the check adds 4 KB
  # gzipped and dist/web sits at its 2.5 MB budget. Strings from the page go on
  # the heap (nnplay-embed.js), not the stack.
  set(NNPLAY_STACK_CHECK "$<$<CONFIG:Debug>:-sSTACK_OVERFLOW_CHECK=2>" CACHE STRING
    "the web page's Emscripten stack overflow check (link option)")
  set(NNPLAY_WEB_LINK_OPTIONS
    -sUSE_WEBGL2=1 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2
    -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=2GB -sENVIRONMENT=web,worker
    -sMODULARIZE=1 -sEXPORT_NAME=createNnplay -sDYNAMIC_EXECUTION=0
    "-sEXPORTED_FUNCTIONS=${NNPLAY_EXPORTS}"
    -sEXPORTED_RUNTIME_METHODS=ccall,cwrap,UTF8ToString,lengthBytesUTF8,stringToUTF8,specialHTMLTargets
    -sNO_EXIT_RUNTIME=1
    # In Debug builds a stack overflow stops with "stack overflow" at once
    # instead of writing over the heap.
    ${NNPLAY_STACK_CHECK})
  set(NNPLAY_SITE "${CMAKE_BINARY_DIR}/site")
  add_executable(nnplay $<TARGET_OBJECTS:nnplay_web_main>)
  target_link_libraries(nnplay PRIVATE nnplay_app "${SDL2_WASM}/lib/libSDL2.a")
  set_target_properties(nnplay PROPERTIES SUFFIX ".js" RUNTIME_OUTPUT_DIRECTORY "${NNPLAY_SITE}")
  target_link_options(nnplay PRIVATE ${NNPLAY_WEB_LINK_OPTIONS})
  # The page's scripts, Emscripten's glue (nnplay.js) included, are minified
  # with Debian's terser: names mangled and code compressed, which Emscripten
  # 3.1.6 leaves to the Closure Compiler that Debian does not carry (the glue
  # 52 -> 36 KB gzipped; the download budget, make dist's 2.5 MB). Without
  # terser they are served as written. Debian's terser finds its modules
  # through NODE_PATH when the node on PATH is not Debian's.
  find_program(NNPLAY_TERSER terser)
  if(NNPLAY_TERSER)
    set(NNPLAY_TERSER_CMD ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs "${NNPLAY_TERSER}")
    add_custom_command(TARGET nnplay POST_BUILD
      COMMAND ${NNPLAY_TERSER_CMD} "${NNPLAY_SITE}/nnplay.js" --compress --mangle --ecma 2020
        --output "${NNPLAY_SITE}/nnplay.min.js"
      COMMAND ${CMAKE_COMMAND} -E rename "${NNPLAY_SITE}/nnplay.min.js" "${NNPLAY_SITE}/nnplay.js"
      VERBATIM)
  else()
    message(STATUS "terser not found: the page's scripts are served unminified (bash scripts/bootstrap.sh installs it)")
  endif()

  add_executable(nnplay_single_file $<TARGET_OBJECTS:nnplay_web_main>)
  target_link_libraries(nnplay_single_file PRIVATE nnplay_app "${SDL2_WASM}/lib/libSDL2.a")
  set_target_properties(nnplay_single_file PROPERTIES OUTPUT_NAME nnplay SUFFIX ".js"
    RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/one-file")
  target_link_options(nnplay_single_file PRIVATE ${NNPLAY_WEB_LINK_OPTIONS} -sSINGLE_FILE=1)

  # The page, its embedding script, the example course page and the data it
  # loads, next to nnplay.js and nnplay.wasm.
  file(GLOB NNPLAY_PAGE_FILES CONFIGURE_DEPENDS
    "${CMAKE_SOURCE_DIR}/web/page/*.html" "${CMAKE_SOURCE_DIR}/web/page/*.js"
    "${CMAKE_SOURCE_DIR}/web/page/*.css" "${CMAKE_SOURCE_DIR}/web/page/*.svg")
  file(GLOB NNPLAY_EXAMPLE_FILES CONFIGURE_DEPENDS
    "${CMAKE_SOURCE_DIR}/web/examples/*.html" "${CMAKE_SOURCE_DIR}/web/examples/*.css")
  set(page_outputs)
  foreach(f ${NNPLAY_PAGE_FILES} ${NNPLAY_EXAMPLE_FILES})
    get_filename_component(name "${f}" NAME)
    get_filename_component(dir "${f}" DIRECTORY)
    set(out "${NNPLAY_SITE}/${name}")
    if(dir STREQUAL "${CMAKE_SOURCE_DIR}/web/examples")
      set(out "${NNPLAY_SITE}/examples/${name}")
    endif()
    if(NNPLAY_TERSER AND f MATCHES "\\.js$")
      add_custom_command(OUTPUT "${out}"
        COMMAND ${NNPLAY_TERSER_CMD} "${f}" --compress --mangle --ecma 2020 --output "${out}"
        DEPENDS "${f}" VERBATIM)
    else()
      add_custom_command(OUTPUT "${out}"
        COMMAND ${CMAKE_COMMAND} -E copy_if_different "${f}" "${out}"
        DEPENDS "${f}" VERBATIM)
    endif()
    list(APPEND page_outputs "${out}")
  endforeach()
  # about.html: the project's licence and the notices of what the site carries
  # (Dear ImGui, SDL2, the Inter font, the MNIST subset), from their own files.
  set(NNPLAY_ABOUT "${NNPLAY_SITE}/about.html")
  add_custom_command(OUTPUT "${NNPLAY_ABOUT}"
    COMMAND "${NNPLAY_PYTHON}" "${CMAKE_SOURCE_DIR}/web/page/make_about.py" --out "${NNPLAY_ABOUT}"
      --project-license "${CMAKE_SOURCE_DIR}/LICENSE"
      --imgui-license "${NNPLAY_IMGUI_DIR}/LICENSE.txt"
      --sdl-license "${NNPLAY_SDL2_SOURCE_DIR}/LICENSE.txt"
      --font-copyright /usr/share/doc/fonts-inter/copyright
    DEPENDS "${CMAKE_SOURCE_DIR}/web/page/make_about.py" "${CMAKE_SOURCE_DIR}/LICENSE"
      "${NNPLAY_IMGUI_DIR}/LICENSE.txt" "${NNPLAY_SDL2_SOURCE_DIR}/LICENSE.txt"
    COMMENT "about.html: licences and notices" VERBATIM)
  include("${CMAKE_SOURCE_DIR}/assets/assets.cmake")
  add_custom_target(nnplay_site ALL DEPENDS ${page_outputs} ${NNPLAY_SUBSET_FILES} "${NNPLAY_ABOUT}")
  add_dependencies(nnplay nnplay_site)

  # nnplay.html: the page as one file, code and data inside, for opening from
  # disk with no server (make dist copies it to dist/nnplay.html).
  set(NNPLAY_ONE_FILE "${CMAKE_BINARY_DIR}/nnplay.html")
  add_custom_command(OUTPUT "${NNPLAY_ONE_FILE}"
    COMMAND "${NNPLAY_PYTHON}" "${CMAKE_SOURCE_DIR}/web/page/make_one_file.py"
      --site "${NNPLAY_SITE}" --module "${CMAKE_BINARY_DIR}/one-file/nnplay.js" --out "${NNPLAY_ONE_FILE}"
    DEPENDS "${CMAKE_SOURCE_DIR}/web/page/make_one_file.py" nnplay_single_file nnplay_site
      ${page_outputs} ${NNPLAY_SUBSET_FILES} "${NNPLAY_ABOUT}" "${CMAKE_BINARY_DIR}/one-file/nnplay.js"
    COMMENT "nnplay.html: the playground in one file" VERBATIM)
  add_custom_target(nnplay_one_file ALL DEPENDS "${NNPLAY_ONE_FILE}")
else()
  find_package(SDL2 REQUIRED)
  find_package(OpenGL REQUIRED)
  add_executable(nnplay web/main.cpp ${NNPLAY_BACKENDS})
  target_include_directories(nnplay PRIVATE "${NNPLAY_IMGUI_DIR}/backends" "${CMAKE_BINARY_DIR}/generated")
  # OpenGL 3 entry points straight from libGL (GL_GLEXT_PROTOTYPES), no loader.
  target_link_libraries(nnplay PRIVATE nnplay_app SDL2::SDL2 OpenGL::GL ${CMAKE_DL_LIBS})
endif()
