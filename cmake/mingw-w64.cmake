# Cross-compiling for 64-bit Windows with Debian's mingw-w64, posix thread model (std::thread).
# Libraries come from the prefix tools/win-deps builds (QX_WIN_PREFIX, default its cache).
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(QX_MINGW x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${QX_MINGW}-gcc-posix)
set(CMAKE_CXX_COMPILER ${QX_MINGW}-g++-posix)
set(CMAKE_RC_COMPILER ${QX_MINGW}-windres)
set(CMAKE_AR ${QX_MINGW}-ar CACHE FILEPATH "")
set(CMAKE_RANLIB ${QX_MINGW}-ranlib CACHE FILEPATH "")

if(NOT QX_WIN_PREFIX)
    if(DEFINED ENV{QX_WIN_CACHE})
        set(QX_WIN_PREFIX $ENV{QX_WIN_CACHE}/prefix)
    else()
        set(QX_WIN_PREFIX /var/cache/qingxing-win/prefix)
    endif()
endif()
set(QX_WIN_PREFIX ${QX_WIN_PREFIX} CACHE PATH "Windows libraries built by tools/win-deps")

# Look for libraries and headers only in the mingw sysroot and the prefix; programs on the host.
set(CMAKE_FIND_ROOT_PATH /usr/${QX_MINGW} ${QX_WIN_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# pkg-config reads the prefix's .pc files only, never the host's.
set(ENV{PKG_CONFIG_LIBDIR} ${QX_WIN_PREFIX}/lib/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "")
