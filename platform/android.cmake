# Android implementations of the platform seams. Included by platform/CMakeLists.txt when ANDROID
# is set (qt-cmake with an Android Qt kit, the NDK and the SDK: see README.md, "Phones"); never
# compiled on the desktop machines. The Java side goes into the APK as the package source
# (AndroidManifest.xml, build.gradle, src/, res/ under platform/android/java), set on the app's
# target by app/gui when it is built for Android:
#   set_property(TARGET tessera PROPERTY QT_ANDROID_PACKAGE_SOURCE_DIR
#       ${PROJECT_SOURCE_DIR}/platform/android/java)
target_sources(tessera_platform PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/android/androidmobileos.cpp
    ${CMAKE_CURRENT_LIST_DIR}/android/androidmobileos.h
    ${CMAKE_CURRENT_LIST_DIR}/android/androidnatives.cpp
    ${CMAKE_CURRENT_LIST_DIR}/android/androidscreenguard.cpp
    ${CMAKE_CURRENT_LIST_DIR}/android/androidscreenguard.h
    ${CMAKE_CURRENT_LIST_DIR}/android/platformfactory.cpp
    # Portable seams shared with the desktop until Android has its own (README.md).
    ${CMAKE_CURRENT_LIST_DIR}/desktop/desktopcalendarexport.cpp
    ${CMAKE_CURRENT_LIST_DIR}/desktop/desktopdeviceinfo.cpp
    ${CMAKE_CURRENT_LIST_DIR}/desktop/desktopexportshare.cpp
    ${CMAKE_CURRENT_LIST_DIR}/desktop/desktopscanfeedback.cpp
)
# QJniObject is in Qt Core on Qt 6; the permission request uses Qt Core's private Android API
# (Qt 6.4 has no QPermission).
target_link_libraries(tessera_platform
    PUBLIC tessera_core_events tessera_core_privacy tessera_core_notify tessera_core_push
        tessera_platform_mobile tessera_platform_mobile_headless
    PRIVATE Qt6::Gui Qt6::CorePrivate)
# The JNI natives (Java_org_tessera_app_TesseraNative_*) are found by name in the app's library,
# so nothing refers to them: one undefined symbol pulls androidnatives.cpp's object (all of them)
# into the link.
target_link_options(tessera_platform INTERFACE
    "-Wl,--undefined=Java_org_tessera_app_TesseraNative_pushFieldsArrived")
