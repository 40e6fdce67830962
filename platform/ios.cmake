# iOS implementations of the platform seams. Included by platform/CMakeLists.txt when IOS is set
# (cmake -G Xcode with the iOS Qt kit: see README.md, "Phones"); never compiled on the desktop
# machines. Objective-C++ (.mm) glue on platform/mobile.
enable_language(OBJCXX)
target_sources(tessera_platform PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/ios/iosappdelegate.mm
    ${CMAKE_CURRENT_LIST_DIR}/ios/iosmobileos.h
    ${CMAKE_CURRENT_LIST_DIR}/ios/iosmobileos.mm
    ${CMAKE_CURRENT_LIST_DIR}/ios/iosscreenguard.h
    ${CMAKE_CURRENT_LIST_DIR}/ios/iosscreenguard.mm
    ${CMAKE_CURRENT_LIST_DIR}/ios/iossecretstore.h
    ${CMAKE_CURRENT_LIST_DIR}/ios/iossecretstore.mm
    ${CMAKE_CURRENT_LIST_DIR}/ios/platformfactory.mm
    # Portable seams shared with the desktop until iOS has its own (README.md).
    ${CMAKE_CURRENT_LIST_DIR}/desktop/desktopcalendarexport.cpp
    ${CMAKE_CURRENT_LIST_DIR}/desktop/desktopdeviceinfo.cpp
    ${CMAKE_CURRENT_LIST_DIR}/desktop/desktopexportshare.cpp
    ${CMAKE_CURRENT_LIST_DIR}/desktop/desktopscanfeedback.cpp
)
target_compile_options(tessera_platform PRIVATE $<$<COMPILE_LANGUAGE:OBJCXX>:-fobjc-arc>)
target_link_libraries(tessera_platform
    PUBLIC tessera_core_events tessera_core_privacy tessera_core_notify tessera_core_push
        tessera_platform_mobile
    PRIVATE Qt6::Gui "-framework UIKit" "-framework UserNotifications" "-framework Security")

# What the app's target (app/gui, when built for iOS) takes from here.
set(TESSERA_IOS_INFO_PLIST ${CMAKE_CURRENT_LIST_DIR}/ios/Info.plist CACHE INTERNAL "")
set(TESSERA_IOS_ENTITLEMENTS ${CMAKE_CURRENT_LIST_DIR}/ios/Tessera.entitlements CACHE INTERNAL "")

# The Notification Service Extension: decrypts "p" for the shown title. app/gui embeds
# it into the app ("Embed App Extensions") with
#   add_dependencies(tessera TesseraNotificationService)
#   set_target_properties(tessera PROPERTIES XCODE_EMBED_APP_EXTENSIONS TesseraNotificationService)
add_executable(TesseraNotificationService MACOSX_BUNDLE
    ${CMAKE_CURRENT_LIST_DIR}/ios/notificationservice/NotificationService.h
    ${CMAKE_CURRENT_LIST_DIR}/ios/notificationservice/NotificationService.mm)
set_target_properties(TesseraNotificationService PROPERTIES
    XCODE_PRODUCT_TYPE com.apple.product-type.app-extension
    BUNDLE_EXTENSION appex
    MACOSX_BUNDLE_INFO_PLIST ${CMAKE_CURRENT_LIST_DIR}/ios/notificationservice/Info.plist
    XCODE_ATTRIBUTE_PRODUCT_BUNDLE_IDENTIFIER org.tessera.app.notificationservice
    XCODE_ATTRIBUTE_CODE_SIGN_ENTITLEMENTS
        ${CMAKE_CURRENT_LIST_DIR}/ios/notificationservice/NotificationService.entitlements
    XCODE_ATTRIBUTE_CLANG_ENABLE_OBJC_ARC YES)
# core/push holds the RFC 8291 decryptor (h-pushclient) and its OpenSSL use.
target_link_libraries(TesseraNotificationService PRIVATE tessera_platform_mobile tessera_core_push
    "-framework UserNotifications" "-framework Security")
