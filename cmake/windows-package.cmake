# The Windows build's runtime DLLs beside its programs, and the qx_package target (tools/windows
# package): build/windows/package/Qingxing (the program, its DLLs, scenes, generated assets and the
# CJK font), a zip of it, and the NSIS installer.
add_custom_target(qx_runtime_dlls ALL
    COMMAND ${CMAKE_COMMAND} -E copy_if_different ${QX_WINDOWS_DLLS} ${PROJECT_BINARY_DIR}
    COMMENT "Copying the runtime DLLs beside the Windows programs"
    VERBATIM)
add_dependencies(qingxing qx_runtime_dlls)

set(QX_CJK_FONT /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc)
set(QX_PACKAGE_ROOT ${PROJECT_BINARY_DIR}/package)
set(QX_PACKAGE_DIR ${QX_PACKAGE_ROOT}/Qingxing)
set(QX_PACKAGE_NAME qingxing-${PROJECT_VERSION}-windows-x64)
find_program(QX_MAKENSIS makensis)
add_custom_target(qx_package
    COMMAND ${CMAKE_COMMAND} -E rm -rf ${QX_PACKAGE_ROOT}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${QX_PACKAGE_DIR}/fonts
    COMMAND ${CMAKE_COMMAND} -E copy $<TARGET_FILE:qingxing> ${QX_WINDOWS_DLLS} ${QX_PACKAGE_DIR}
    COMMAND ${CMAKE_COMMAND} -E copy_directory ${PROJECT_SOURCE_DIR}/scenes ${QX_PACKAGE_DIR}/scenes
    COMMAND ${CMAKE_COMMAND} -E copy_directory ${PROJECT_BINARY_DIR}/generated-assets ${QX_PACKAGE_DIR}/generated-assets
    COMMAND ${CMAKE_COMMAND} -E copy ${QX_CJK_FONT} ${QX_PACKAGE_DIR}/fonts
    COMMAND ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/tools/windows-installer/NOTICE.txt ${QX_PACKAGE_DIR}
    COMMAND ${CMAKE_COMMAND} -E chdir ${QX_PACKAGE_ROOT}
            ${CMAKE_COMMAND} -E tar cf ${QX_PACKAGE_NAME}.zip --format=zip Qingxing
    COMMAND ${QX_MAKENSIS} -V2 -DVERSION=${PROJECT_VERSION} -DPACKAGE_DIR=${QX_PACKAGE_DIR}
            -DOUTFILE=${QX_PACKAGE_ROOT}/${QX_PACKAGE_NAME}-setup.exe
            ${PROJECT_SOURCE_DIR}/tools/windows-installer/qingxing.nsi
    DEPENDS qingxing qx_assets
    COMMENT "Packaging ${QX_PACKAGE_NAME}: folder, zip and installer"
    VERBATIM)
