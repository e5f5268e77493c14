# The Windows build's libraries (included by the top CMakeLists when cross-compiling for Windows).
# tools/win-deps has built the compiled ones into QX_WIN_PREFIX and copied the header-only ones
# there from this machine's Debian packages; here they get the target names the Linux build's
# find_package/pkg-config calls give them, so the modules' CMakeLists are the same on both.
set(QX_WIN_INCLUDE ${QX_WIN_PREFIX}/include)
if(NOT EXISTS ${QX_WIN_PREFIX}/.stamps/host-headers)
    message(FATAL_ERROR "No Windows libraries in ${QX_WIN_PREFIX}: run tools/win-deps first")
endif()

function(qx_header_only_target name)
    add_library(${name} INTERFACE IMPORTED GLOBAL)
    set_target_properties(${name} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${ARGN}")
endfunction()

# fmt in header-only mode (Debian's libfmt-dev is a Linux library).
qx_header_only_target(fmt::fmt ${QX_WIN_INCLUDE})
set_property(TARGET fmt::fmt PROPERTY INTERFACE_COMPILE_DEFINITIONS FMT_HEADER_ONLY=1)
qx_header_only_target(nlohmann_json::nlohmann_json ${QX_WIN_INCLUDE})
qx_header_only_target(CLI11::CLI11 ${QX_WIN_INCLUDE})
qx_header_only_target(glm::glm ${QX_WIN_INCLUDE})

# stb and TinyGLTF: Debian ships them compiled for Linux; here their implementations are compiled
# once in qx_header_impls (cmake/header_impls.c and .cpp) from the same headers.
enable_language(C)
add_library(qx_header_impls STATIC ${PROJECT_SOURCE_DIR}/cmake/header_impls.c ${PROJECT_SOURCE_DIR}/cmake/header_impls.cpp)
target_include_directories(qx_header_impls PUBLIC ${QX_WIN_INCLUDE}/stb ${QX_WIN_INCLUDE})
target_link_libraries(qx_header_impls PUBLIC nlohmann_json::nlohmann_json)
add_library(PkgConfig::stb ALIAS qx_header_impls)
add_library(TinyGLTF::TinyGLTF ALIAS qx_header_impls)

# Vulkan: the headers from libvulkan-dev and the import library for vulkan-1.dll.
add_library(Vulkan::Vulkan UNKNOWN IMPORTED GLOBAL)
set_target_properties(Vulkan::Vulkan PROPERTIES
    IMPORTED_LOCATION ${QX_WIN_PREFIX}/lib/libvulkan-1.dll.a
    INTERFACE_INCLUDE_DIRECTORIES ${QX_WIN_INCLUDE})
# (No VK_USE_PLATFORM_WIN32_KHR: GLFW makes the window's surface, and <windows.h> stays out of
# every file that includes Vulkan.)

# The runtime DLLs the program needs beside it: the compiler's and the prefix's.
set(QX_MINGW_RUNTIME_DLLS "")
foreach(dll libstdc++-6.dll libgcc_s_seh-1.dll libwinpthread-1.dll)
    execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=${dll}
        OUTPUT_VARIABLE found OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT EXISTS "${found}")
        file(GLOB found /usr/${QX_MINGW}/lib/${dll} /usr/lib/gcc/${QX_MINGW}/*-posix/${dll})
        list(GET found 0 found)
    endif()
    list(APPEND QX_MINGW_RUNTIME_DLLS ${found})
endforeach()
file(GLOB QX_PREFIX_DLLS ${QX_WIN_PREFIX}/bin/*.dll)
set(QX_WINDOWS_DLLS ${QX_MINGW_RUNTIME_DLLS} ${QX_PREFIX_DLLS})
