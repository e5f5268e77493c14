#include "core/error.h"
#include "core/file.h"
#include "scene/model.h"
#include "scene/model_writer.h"

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <filesystem>
#include <unistd.h>

using namespace qx;
using Catch::Matchers::ContainsSubstring;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const char* name) {
    fs::path dir = fs::temp_directory_path() / fmt::format("qx-model-test-{}-{}", name, ::getpid());
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

scene::Model two_part_model() {
    scene::Model m;
    m.name = "lighter";
    scene::Mesh body = scene::make_box({0.02f, 0.06f, 0.01f});
    scene::Mesh wheel = scene::make_cylinder(0.006f, 0.01f, 12);
    scene::compute_tangents(body);
    scene::compute_tangents(wheel);
    m.meshes = {body, wheel};
    m.textures.push_back({"body.png", scene::solid_image(200, 30, 30), true, true, true});
    scene::Material red;
    red.name = "red plastic";
    red.base_color = {1.0f, 0.5f, 0.5f, 1.0f};
    red.roughness = 0.35f;
    red.base_color_texture = 0;
    scene::Material steel;
    steel.name = "steel";
    steel.metallic = 1.0f;
    steel.emissive = {0.2f, 0.1f, 0.0f};
    steel.emissive_strength = 3.0f;
    m.materials = {red, steel};
    m.parts = {{0, 0}, {1, 1}};
    return m;
}

} // namespace

TEST_CASE("a model written as glTF binary loads back with its geometry and materials", "[scene][model]") {
    fs::path dir = fresh_dir("roundtrip");
    scene::Model original = two_part_model();
    scene::save_png(dir / "body.png", original.textures[0].image);
    auto bytes = scene::encode_glb(original, {"body.png"});
    core::write_file_atomic(dir / "lighter.glb", bytes);
    CHECK(bytes == scene::encode_glb(original, {"body.png"})); // deterministic

    scene::Model loaded = scene::load_model(dir / "lighter.glb");
    REQUIRE(loaded.parts.size() == 2);
    REQUIRE(loaded.meshes.size() == 2);
    CHECK(loaded.meshes[0].vertices.size() == original.meshes[0].vertices.size());
    CHECK(loaded.meshes[0].indices == original.meshes[0].indices);
    CHECK(loaded.meshes[1].vertices[5].position == original.meshes[1].vertices[5].position);
    REQUIRE(loaded.materials.size() == 2);
    CHECK(loaded.materials[0].name == "red plastic");
    CHECK(loaded.materials[0].roughness == 0.35f);
    CHECK(loaded.materials[1].metallic == 1.0f);
    CHECK(loaded.materials[1].emissive_strength == 3.0f);
    REQUIRE(loaded.textures.size() == 1);
    CHECK(loaded.textures[0].srgb); // used as base colour
    CHECK(loaded.textures[0].image.width == 1);
    CHECK(loaded.textures[0].image.at(0, 0)[0] == 200);
    CHECK_FALSE(loaded.placeholder);
    fs::remove_all(dir);
}

TEST_CASE("a corrupt or missing model becomes a visible placeholder and names the file", "[scene][model]") {
    fs::path dir = fresh_dir("corrupt");
    core::write_file_atomic(dir / "pipe.glb", std::string_view("glTF\x02\x00\x00\x00garbage that is not a model"));
    CHECK_THROWS_WITH(scene::load_model(dir / "pipe.glb"), ContainsSubstring("pipe.glb"));

    core::Diagnostics diag;
    scene::Model m = scene::load_model_or_placeholder(dir / "pipe.glb", &diag);
    CHECK(m.placeholder);
    REQUIRE(m.parts.size() == 1);
    // The placeholder wears the magenta checkerboard nobody mistakes for art.
    const scene::Image& img = m.textures.at(0).image;
    CHECK((img.at(0, 0)[0] == 255 && img.at(0, 0)[1] == 0 && img.at(0, 0)[2] == 255));
    REQUIRE(diag.problems().size() == 1);
    CHECK_THAT(diag.problems()[0].to_string(), ContainsSubstring("pipe.glb"));

    core::Diagnostics diag2;
    scene::Model missing = scene::load_model_or_placeholder(dir / "no-such-model.glb", &diag2);
    CHECK(missing.placeholder);
    CHECK_THAT(diag2.problems().at(0).to_string(), ContainsSubstring("no-such-model.glb") && ContainsSubstring("no such file"));
    fs::remove_all(dir);
}

TEST_CASE("a model whose texture file is missing keeps its geometry and shows the missing pattern", "[scene][model]") {
    fs::path dir = fresh_dir("missing-texture");
    scene::Model original = two_part_model();
    core::write_file_atomic(dir / "lighter.glb", scene::encode_glb(original, {"body.png"})); // no body.png written
    scene::Model loaded = scene::load_model(dir / "lighter.glb");
    CHECK_FALSE(loaded.placeholder);
    REQUIRE(loaded.textures.size() == 1);
    CHECK(loaded.textures[0].image.width == 64); // the checkerboard
    CHECK(loaded.textures[0].image.at(0, 0)[0] == 255);
    fs::remove_all(dir);
}

TEST_CASE("a corrupt texture file is reported by name and replaced", "[scene][model]") {
    fs::path dir = fresh_dir("bad-png");
    core::write_file_atomic(dir / "foil.png", std::string_view("\x89PNG not really"));
    core::Diagnostics diag;
    scene::Texture t = scene::load_texture(dir / "foil.png", true, &diag);
    CHECK(t.image.width == 64);
    REQUIRE(diag.problems().size() == 1);
    CHECK_THAT(diag.problems()[0].to_string(), ContainsSubstring("foil.png"));
    fs::remove_all(dir);
}
