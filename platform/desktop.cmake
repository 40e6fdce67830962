# Desktop (Linux, Windows, macOS) implementations of the platform seams: what the QA build uses.
# Included by platform/CMakeLists.txt; adds its sources to tessera_platform.
target_sources(tessera_platform PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/desktop/desktopdeviceinfo.cpp
    ${CMAKE_CURRENT_LIST_DIR}/desktop/desktopdeviceinfo.h
    ${CMAKE_CURRENT_LIST_DIR}/desktop/desktopscanfeedback.cpp
    ${CMAKE_CURRENT_LIST_DIR}/desktop/desktopscanfeedback.h
    ${CMAKE_CURRENT_LIST_DIR}/desktop/desktopscreenguard.cpp
    ${CMAKE_CURRENT_LIST_DIR}/desktop/desktopscreenguard.h
    ${CMAKE_CURRENT_LIST_DIR}/desktop/platformfactory.cpp
)
