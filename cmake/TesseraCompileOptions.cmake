# Project-wide compile settings: strict Qt defines (STYLE.md), warnings, sanitizers.
# Every Tessera target calls tessera_set_compile_options(<target>).

add_library(tessera_compile_options INTERFACE)
target_compile_definitions(tessera_compile_options INTERFACE
    QT_NO_KEYWORDS
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER
    QT_NO_FOREACH
    TESSERA_VERSION="${PROJECT_VERSION}")
target_compile_options(tessera_compile_options INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
    -Woverloaded-virtual -Wnull-dereference -Wformat=2 -Wimplicit-fallthrough)
if(TESSERA_WERROR)
    target_compile_options(tessera_compile_options INTERFACE -Werror)
endif()
if(TESSERA_SANITIZE)
    target_compile_options(tessera_compile_options INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(tessera_compile_options INTERFACE -fsanitize=address,undefined)
endif()

function(tessera_set_compile_options target)
    target_link_libraries(${target} PRIVATE tessera_compile_options)
endfunction()

# tessera_add_library(<target> SOURCES <files...> [PUBLIC <deps...>] [PRIVATE <deps...>])
# One feature folder as one static library. Its include root is the folder's parent, so its
# headers are included through the folder (#include "inbox/inboxstore.h").
function(tessera_add_library target)
    cmake_parse_arguments(arg "" "" "SOURCES;PUBLIC;PRIVATE" ${ARGN})
    qt_add_library(${target} STATIC ${arg_SOURCES})
    cmake_path(GET CMAKE_CURRENT_SOURCE_DIR PARENT_PATH include_root)
    target_include_directories(${target} PUBLIC ${include_root})
    target_link_libraries(${target} PUBLIC ${arg_PUBLIC} PRIVATE ${arg_PRIVATE})
    tessera_set_compile_options(${target})
endfunction()
