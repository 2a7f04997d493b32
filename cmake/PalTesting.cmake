# pal_add_test(NAME name SOURCES ... LIBS ... [LABELS ...] [ENV ...])
# One helper registers every GoogleTest executable: discovery, environment and labels.
find_package(GTest REQUIRED)
include(GoogleTest)

function(pal_add_test)
    cmake_parse_arguments(T "" "NAME" "SOURCES;LIBS;LABELS;ENV" ${ARGN})
    add_executable(${T_NAME} ${T_SOURCES})
    target_link_libraries(${T_NAME} PRIVATE paldesk::options GTest::gtest GTest::gmock ${T_LIBS})
    target_compile_definitions(${T_NAME} PRIVATE
        PAL_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data"
        PAL_SPEC_DIR="${PROJECT_SOURCE_DIR}/tests/data/spec")
    set(env QT_QPA_PLATFORM=offscreen "PALDESK_CONFIG_DIR=${CMAKE_CURRENT_BINARY_DIR}/${T_NAME}.config" ${T_ENV})
    gtest_discover_tests(${T_NAME}
        DISCOVERY_TIMEOUT 60
        PROPERTIES LABELS "${T_LABELS}" ENVIRONMENT "${env}" TIMEOUT 120)
endfunction()
