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

# Precompiled headers (DESIGN.md, decision 1: the CI build's share is 35 minutes on 2 cores). Qt's
# core headers are parsed once per preset instead of once per translation unit: every target reuses
# a precompiled header built by a small target of its own with the same flags (Qt makes every unit
# -fPIC, libraries and executables alike): tessera_pch, or for tests tessera_test_pch()'s.
# GCC checks that a precompiled header fits each unit (-Winvalid-pch, an error with -Werror), so a
# mismatch fails the build instead of silently parsing everything again.
set(tessera_pch_headers
    <algorithm> <functional> <memory> <optional> <utility> <vector>
    <QtCore/QByteArray> <QtCore/QDateTime> <QtCore/QHash> <QtCore/QJsonArray>
    <QtCore/QJsonDocument> <QtCore/QJsonObject> <QtCore/QJsonValue> <QtCore/QList>
    <QtCore/QLoggingCategory> <QtCore/QMap> <QtCore/QObject> <QtCore/QPointer> <QtCore/QSet>
    <QtCore/QString> <QtCore/QStringList> <QtCore/QTimer> <QtCore/QUrl> <QtCore/QUuid>
    <QtCore/QVariant>)
add_library(tessera_pch STATIC ${CMAKE_CURRENT_LIST_DIR}/pch/pch.cpp)
target_link_libraries(tessera_pch PRIVATE Qt6::Core tessera_compile_options)
target_precompile_headers(tessera_pch PRIVATE ${tessera_pch_headers})

# tessera_test_pch(<out-var>): the tests' precompiled header for the current directory (with
# QSignalSpy and the QtTest case header it brings), made at the first call in each directory: QtTest
# defines QT_TESTCASE_BUILDDIR as the directory of the test, and GCC takes a precompiled header only
# where every macro it saw is the same. Not <QTest>: it looks at QT_GUI_LIB, QT_NETWORK_LIB ...,
# which differ between tests.
function(tessera_test_pch out)
    string(MAKE_C_IDENTIFIER "${CMAKE_CURRENT_SOURCE_DIR}" id)
    string(MD5 id "${id}")
    string(SUBSTRING "${id}" 0 8 id)
    set(name tessera_pch_test_${id})
    if(NOT TARGET ${name})
        add_library(${name} STATIC ${PROJECT_SOURCE_DIR}/cmake/pch/pch.cpp)
        target_link_libraries(${name} PRIVATE Qt6::Core Qt6::Test tessera_compile_options)
        target_precompile_headers(${name} PRIVATE ${tessera_pch_headers}
            <QtCore/QCoreApplication> <QtCore/QDir> <QtCore/QFile> <QtCore/QTemporaryDir>
            <QtTest/QSignalSpy>)
        set_target_properties(${name} PROPERTIES EXCLUDE_FROM_ALL ON)
    endif()
    set(${out} ${name} PARENT_SCOPE)
endfunction()

# tessera_set_compile_options(<target> [PCH <pch target>]): the warnings, defines and sanitizers,
# and the precompiled header (tessera_pch unless another is named).
function(tessera_set_compile_options target)
    cmake_parse_arguments(arg "" "PCH" "" ${ARGN})
    target_link_libraries(${target} PRIVATE tessera_compile_options)
    if(NOT arg_PCH)
        set(arg_PCH tessera_pch)
    endif()
    if(TESSERA_PCH)
        target_precompile_headers(${target} REUSE_FROM ${arg_PCH})
    endif()
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
