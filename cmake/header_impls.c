/* The Windows build's implementations of the stb libraries that Debian ships compiled for Linux
   (libstb): the same headers from this machine's package, compiled once, as C. */
#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_TRUETYPE_IMPLEMENTATION
#include <stb_image.h>
#include <stb_image_write.h>
#include <stb_truetype.h>
#include <stb_vorbis.h> /* the implementation, unless STB_VORBIS_HEADER_ONLY */
