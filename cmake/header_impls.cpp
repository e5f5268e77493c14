// The Windows build's TinyGLTF implementation (Debian ships it compiled for Linux as
// libtinygltf): the same header from this machine's package, compiled once. Its images are read
// and written through stb (header_impls.c).
#define TINYGLTF_IMPLEMENTATION
#include <tiny_gltf.h>
