# One INTERFACE target carries the language level, warnings and Qt strictness defines.
# Every target of the project links it; nothing is set globally.
set(CMAKE_AUTOMOC ON)
set(CMAKE_AUTORCC ON)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
    set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "" FORCE)
endif()

add_library(paldesk_options INTERFACE)
add_library(paldesk::options ALIAS paldesk_options)
target_compile_features(paldesk_options INTERFACE cxx_std_20)
target_compile_definitions(paldesk_options INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_KEYWORDS
    QT_USE_QSTRINGBUILDER
    QT_DISABLE_DEPRECATED_UP_TO=0x060400
    PALDESK_VERSION="${PROJECT_VERSION}")
target_compile_options(paldesk_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor
    -Woverloaded-virtual -Wno-missing-field-initializers)
if(PALDESK_WERROR)
    target_compile_options(paldesk_options INTERFACE -Werror)
endif()
if(PALDESK_SANITIZE)
    target_compile_options(paldesk_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(paldesk_options INTERFACE -fsanitize=address,undefined)
endif()
