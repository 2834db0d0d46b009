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
target_compile_definitions(imgui_core PUBLIC "ImDrawIdx=unsigned int")  # WebGL2 draws 32-bit indices: no 65,536-vertex limit per window

# ---- the font, embedded into the binary ------------------------------------------
# Inter (Debian's fonts-inter) reads well at small sizes; xxd turns it into a C array.
find_file(NNPLAY_FONT_FILE Inter-Regular.otf PATHS /usr/share/fonts/opentype/inter
  NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH REQUIRED)
find_program(XXD xxd REQUIRED NO_CMAKE_FIND_ROOT_PATH)
set(NNPLAY_FONT_C "${CMAKE_BINARY_DIR}/generated/font_inter.c")
add_custom_command(OUTPUT "${NNPLAY_FONT_C}"
  COMMAND ${CMAKE_COMMAND} -E make_directory "${CMAKE_BINARY_DIR}/generated"
  COMMAND "${XXD}" -i -n nnplay_font_inter "${NNPLAY_FONT_FILE}" > "${NNPLAY_FONT_C}"
  DEPENDS "${NNPLAY_FONT_FILE}" VERBATIM)

# ---- the App: panels, plots, state (no SDL/GL: runs headless in tests) ----------
file(GLOB NNPLAY_APP_SOURCES CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/web/app/*.cpp")
add_library(nnplay_app STATIC ${NNPLAY_APP_SOURCES} "${NNPLAY_FONT_C}")
target_include_directories(nnplay_app PUBLIC "${CMAKE_SOURCE_DIR}")
target_link_libraries(nnplay_app PUBLIC nnplay_engine imgui_core)
target_compile_options(nnplay_app PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra>)

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
  "${CMAKE_SOURCE_DIR}/web/render/ui_renderer.cpp"
  "${CMAKE_SOURCE_DIR}/web/render/diagram_renderer.cpp"
  ${NNPLAY_SHADER_HEADERS})

if(NNPLAY_WEB)
  set(SDL2_WASM "${NNPLAY_CACHE}/sdl2-wasm")
  if(NOT EXISTS "${SDL2_WASM}/lib/libSDL2.a")
    message(FATAL_ERROR "SDL2 for wasm not found in ${SDL2_WASM}: run scripts/bootstrap.sh")
  endif()
  # The C functions window.nnplay calls (web/page_api.cpp), one per line in exports.txt.
  file(STRINGS "${CMAKE_SOURCE_DIR}/web/page/exports.txt" NNPLAY_EXPORTS)
  list(JOIN NNPLAY_EXPORTS "," NNPLAY_EXPORTS)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/web/page/exports.txt")
  add_executable(nnplay web/main.cpp web/page_api.cpp ${NNPLAY_BACKENDS})
  target_include_directories(nnplay PRIVATE "${SDL2_WASM}/include/SDL2" "${NNPLAY_IMGUI_DIR}/backends"
    "${CMAKE_BINARY_DIR}/generated")
  # WebGL2 through Emscripten's GLES3 headers (web/render/ui_renderer.cpp).
  target_compile_definitions(nnplay PRIVATE NNPLAY_GLES3)
  target_link_libraries(nnplay PRIVATE nnplay_app "${SDL2_WASM}/lib/libSDL2.a")
  set(NNPLAY_SITE "${CMAKE_BINARY_DIR}/site")
  set_target_properties(nnplay PROPERTIES SUFFIX ".js" RUNTIME_OUTPUT_DIRECTORY "${NNPLAY_SITE}")
  target_link_options(nnplay PRIVATE
    -sUSE_WEBGL2=1 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2
    -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=2GB -sENVIRONMENT=web
    -sMODULARIZE=1 -sEXPORT_NAME=createNnplay
    "-sEXPORTED_FUNCTIONS=${NNPLAY_EXPORTS}"
    -sEXPORTED_RUNTIME_METHODS=ccall,cwrap,UTF8ToString
    -sNO_EXIT_RUNTIME=1)

  # The page and the data it loads, next to nnplay.js and nnplay.wasm.
  file(GLOB NNPLAY_PAGE_FILES CONFIGURE_DEPENDS
    "${CMAKE_SOURCE_DIR}/web/page/*.html" "${CMAKE_SOURCE_DIR}/web/page/*.js"
    "${CMAKE_SOURCE_DIR}/web/page/*.css")
  set(page_outputs)
  foreach(f ${NNPLAY_PAGE_FILES})
    get_filename_component(name "${f}" NAME)
    add_custom_command(OUTPUT "${NNPLAY_SITE}/${name}"
      COMMAND ${CMAKE_COMMAND} -E copy_if_different "${f}" "${NNPLAY_SITE}/${name}"
      DEPENDS "${f}" VERBATIM)
    list(APPEND page_outputs "${NNPLAY_SITE}/${name}")
  endforeach()
  include("${CMAKE_SOURCE_DIR}/assets/assets.cmake")
  add_custom_target(nnplay_site ALL DEPENDS ${page_outputs} ${NNPLAY_SUBSET_FILES})
  add_dependencies(nnplay nnplay_site)
else()
  find_package(SDL2 REQUIRED)
  find_package(OpenGL REQUIRED)
  add_executable(nnplay web/main.cpp ${NNPLAY_BACKENDS})
  target_include_directories(nnplay PRIVATE "${NNPLAY_IMGUI_DIR}/backends" "${CMAKE_BINARY_DIR}/generated")
  # OpenGL 3 entry points straight from libGL (GL_GLEXT_PROTOTYPES), no loader.
  target_link_libraries(nnplay PRIVATE nnplay_app SDL2::SDL2 OpenGL::GL ${CMAKE_DL_LIBS})
endif()
