# A cross build's generated assets: copied from a native build of the same source tree
# (QX_HOST_BUILD_DIR, default build/ci), whose asset generator made them. The copy is refreshed
# whenever the native manifest changes.
set(QX_HOST_BUILD_DIR ${PROJECT_SOURCE_DIR}/build/ci CACHE PATH "native build folder whose generated-assets a cross build uses")
set(QX_HOST_MANIFEST ${QX_HOST_BUILD_DIR}/generated-assets/manifest.json)
if(NOT EXISTS ${QX_HOST_MANIFEST})
    message(FATAL_ERROR "No generated assets in ${QX_HOST_BUILD_DIR}: build the native qx_assets target first "
                        "(tools/windows does), or set QX_HOST_BUILD_DIR")
endif()
set(QX_GENERATED_ASSETS ${PROJECT_BINARY_DIR}/generated-assets)
add_custom_command(
    OUTPUT ${QX_GENERATED_ASSETS}/manifest.json
    COMMAND ${CMAKE_COMMAND} -E rm -rf ${QX_GENERATED_ASSETS}
    COMMAND ${CMAKE_COMMAND} -E copy_directory ${QX_HOST_BUILD_DIR}/generated-assets ${QX_GENERATED_ASSETS}
    DEPENDS ${QX_HOST_MANIFEST}
    COMMENT "Copying the generated assets from ${QX_HOST_BUILD_DIR}"
    VERBATIM)
add_custom_target(qx_assets ALL DEPENDS ${QX_GENERATED_ASSETS}/manifest.json)
