# Desktop (Linux, Windows, macOS) implementations of the platform seams: what the QA build uses.
# Included by platform/CMakeLists.txt; adds its sources to tessera_platform.
target_sources(tessera_platform PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/desktop/desktopcalendarexport.cpp
    ${CMAKE_CURRENT_LIST_DIR}/desktop/desktopcalendarexport.h
    ${CMAKE_CURRENT_LIST_DIR}/desktop/desktopdeviceinfo.cpp
    ${CMAKE_CURRENT_LIST_DIR}/desktop/desktopdeviceinfo.h
    ${CMAKE_CURRENT_LIST_DIR}/desktop/desktopexportshare.cpp
    ${CMAKE_CURRENT_LIST_DIR}/desktop/desktopexportshare.h
    ${CMAKE_CURRENT_LIST_DIR}/desktop/desktopnotifier.cpp
    ${CMAKE_CURRENT_LIST_DIR}/desktop/desktopnotifier.h
    ${CMAKE_CURRENT_LIST_DIR}/desktop/desktopscanfeedback.cpp
    ${CMAKE_CURRENT_LIST_DIR}/desktop/desktopscanfeedback.h
    ${CMAKE_CURRENT_LIST_DIR}/desktop/desktopscreenguard.cpp
    ${CMAKE_CURRENT_LIST_DIR}/desktop/desktopscreenguard.h
    ${CMAKE_CURRENT_LIST_DIR}/desktop/platformfactory.cpp
)
# "Add to calendar" opens the written .ics with QDesktopServices (Qt GUI).
target_link_libraries(tessera_platform PUBLIC tessera_core_events tessera_core_privacy PRIVATE Qt6::Gui)
# Notifications of inbox items over the freedesktop Notifications D-Bus interface.
find_package(Qt6 REQUIRED COMPONENTS DBus)
target_link_libraries(tessera_platform PUBLIC tessera_core_notify tessera_core_push PRIVATE Qt6::DBus)
