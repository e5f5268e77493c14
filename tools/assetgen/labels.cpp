// Textures with writing on them: the shop's sign, the phone's messages, karaoke lyrics, and the
// open-day exhibit labels and panels (in Chinese and English, as museum labels are).
#include "generator.h"

#include "ui/canvas.h"
#include "ui/font.h"

#include <cmath>

namespace qx::assetgen {
namespace {

using ui::Canvas;
using ui::Color;

constexpr Color k_white{255, 255, 255, 255};
constexpr Color k_ink{34, 38, 46, 255};
constexpr Color k_grey{96, 102, 112, 255};

void rounded_rect(Canvas& c, double x0, double y0, double x1, double y1, double r, Color color) {
    c.fill_rect(x0 + r, y0, x1 - r, y1, color);
    c.fill_rect(x0, y0 + r, x0 + r, y1 - r, color);
    c.fill_rect(x1 - r, y0 + r, x1, y1 - r, color);
    for (double cx : {x0 + r, x1 - r}) {
        for (double cy : {y0 + r, y1 - r}) c.fill_circle({cx, cy}, r, color);
    }
}

// Draws wrapped text from `top`; returns the y below the last line.
double paragraph(Canvas& c, const ui::Font& font, const std::string& text, double x, double top, double width,
                 double px, Color color, double spacing = 1.45) {
    double y = top + font.ascent(px);
    for (const std::string& line : font.wrap(text, px, width)) {
        font.draw(c, x, y, line, px, color);
        y += px * spacing;
    }
    return y - font.ascent(px) + px * (spacing - 1.0);
}

scene::Image store_sign(const ui::Font& font) {
    Canvas c(1024, 136, {16, 120, 64, 255});
    c.fill_rect(0, 0, 1024, 10, {240, 200, 40, 255});
    c.fill_rect(0, 126, 1024, 136, {240, 200, 40, 255});
    // A simple logo: a white circle with a house roof.
    c.fill_circle({78, 68}, 44, k_white);
    c.fill_polygon(std::vector<ui::Point>{{52, 74}, {78, 48}, {104, 74}}, {16, 120, 64, 255});
    c.fill_rect(60, 74, 96, 94, {16, 120, 64, 255});
    font.draw(c, 150, 92, "24小时便利店", 70, k_white);
    font.draw(c, 640, 92, "24h MART", 54, {250, 235, 160, 255});
    return c.to_image();
}

// A lock screen with one or two messages from a friend.
scene::Image phone_screen(const ui::Font& font, bool second) {
    const int w = 300, h = 645;
    Canvas c(w, h, {12, 16, 30, 255});
    for (int y = 0; y < h; ++y) {
        double t = double(y) / h;
        c.fill_rect(0, y, w, y + 1, {std::uint8_t(20 + 40 * t), std::uint8_t(24 + 10 * t), std::uint8_t(60 - 20 * t), 255});
    }
    font.draw_centred(c, w / 2.0, 110, "23:41", 78, k_white);
    font.draw_centred(c, w / 2.0, 170, "11月22日 星期日", 20, {220, 225, 235, 255});
    auto card = [&](double top, const std::string& text, const std::string& when) {
        rounded_rect(c, 10, top, w - 10, top + 116, 18, {238, 240, 244, 255}); // opaque: the shapes overlap
        rounded_rect(c, 28, top + 16, 66, top + 54, 9, {40, 190, 90, 255});
        font.draw_centred(c, 47, top + 35, "微", 22, k_white);
        font.draw(c, 78, top + 33, "微信", 18, k_grey);
        font.draw(c, w - 62, top + 33, when, 18, k_grey);
        font.draw(c, 78, top + 64, "阿强", 26, k_ink);
        font.draw(c, 24, top + 100, text, 30, k_ink);
    };
    card(228, "在吗？老地方见", "现在");
    if (second) {
        card(356, "有好货，快来", "现在");
        font.draw_centred(c, w / 2.0, 490, "2 条新消息", 18, {220, 225, 235, 255});
    }
    return c.to_image();
}

scene::Image karaoke(const ui::Font& font, const scene::Image& backdrop) {
    Canvas c(int(backdrop.width), int(backdrop.height), {0, 0, 0, 255});
    for (std::uint32_t y = 0; y < backdrop.height; ++y) {
        for (std::uint32_t x = 0; x < backdrop.width; ++x) {
            const std::uint8_t* p = backdrop.at(x, y);
            c.blend(int(x), int(y), {p[0], p[1], p[2], 255}, 1.0);
        }
    }
    // Our own two lines; the first half-sung, highlighted in blue as karaoke does.
    c.fill_rect(0, 206, c.width(), 288, {0, 0, 0, 110});
    std::string line1 = "霓虹灯下 我们一起唱", line2 = "今夜不醉 不回家";
    double x1 = (c.width() - font.measure(line1, 30)) / 2;
    font.draw(c, x1, 238, line1, 30, k_white);
    font.draw(c, x1, 238, "霓虹灯下 我", 30, {90, 200, 255, 255});
    font.draw_centred(c, c.width() / 2.0, 268, line2, 24, {230, 230, 230, 255});
    return c.to_image();
}

struct Label {
    const char* file;
    const char* title_zh;
    const char* title_en;
    const char* body_zh;
    const char* body_en;
    Color accent;
};

// A museum label: title in both languages, then a line or two of each.
scene::Image exhibit_label(const ui::Font& font, const Label& l) {
    Canvas c(640, 320, {248, 247, 243, 255});
    c.fill_rect(0, 0, 14, 320, l.accent);
    font.draw(c, 40, 72, l.title_zh, 48, k_ink);
    font.draw(c, 40, 118, l.title_en, 30, k_grey);
    c.fill_rect(40, 138, 600, 141, {210, 208, 200, 255});
    double y = paragraph(c, font, l.body_zh, 40, 160, 560, 25, k_ink);
    paragraph(c, font, l.body_en, 40, y + 8, 560, 21, k_grey);
    return c.to_image();
}

struct Panel {
    const char* file;
    const char* title_zh;
    const char* title_en;
    std::vector<std::pair<const char*, const char*>> points; // zh, en
    Color accent;
    int icon;
};

void draw_icon(Canvas& c, int icon, double cx, double cy, Color color) {
    switch (icon) {
    case 0: // a brain: two lobes
        c.fill_circle({cx - 26, cy}, 40, color);
        c.fill_circle({cx + 26, cy}, 40, color);
        c.fill_rect(cx - 2, cy - 38, cx + 2, cy + 38, k_white);
        break;
    case 1: // a family: three heads and bodies
        for (auto [dx, r] : {std::pair{-44.0, 18.0}, {44.0, 18.0}, {0.0, 13.0}}) {
            c.fill_circle({cx + dx, cy - 24 + (r < 15 ? 14 : 0)}, r, color);
            c.fill_rect(cx + dx - r, cy + (r < 15 ? 10 : 0), cx + dx + r, cy + 46, color);
        }
        break;
    case 2: // a future: a road that breaks
        c.fill_polygon(std::vector<ui::Point>{{cx - 60, cy + 50}, {cx - 12, cy - 50}, {cx - 2, cy - 50}, {cx - 20, cy + 50}}, color);
        c.fill_polygon(std::vector<ui::Point>{{cx + 20, cy + 50}, {cx + 2, cy - 50}, {cx + 12, cy - 50}, {cx + 60, cy + 50}}, color);
        c.line({cx - 70, cy + 10}, {cx + 70, cy - 10}, 8, {200, 40, 40, 255});
        break;
    default: // the law: scales
        c.fill_rect(cx - 3, cy - 50, cx + 3, cy + 45, color);
        c.fill_rect(cx - 60, cy - 44, cx + 60, cy - 38, color);
        c.fill_rect(cx - 30, cy + 42, cx + 30, cy + 50, color);
        for (double dx : {-52.0, 52.0}) {
            c.line({cx + dx, cy - 40}, {cx + dx - 18, cy}, 3, color);
            c.line({cx + dx, cy - 40}, {cx + dx + 18, cy}, 3, color);
            c.fill_rect(cx + dx - 22, cy, cx + dx + 22, cy + 6, color);
        }
        break;
    }
}

scene::Image harm_panel(const ui::Font& font, const Panel& p) {
    Canvas c(1024, 1024, {250, 250, 247, 255});
    c.fill_rect(0, 0, 1024, 220, p.accent);
    draw_icon(c, p.icon, 130, 110, k_white);
    font.draw(c, 250, 112, p.title_zh, 76, k_white);
    font.draw(c, 252, 172, p.title_en, 40, {255, 255, 255, 220});
    double y = 270;
    for (const auto& [zh, en] : p.points) {
        c.fill_circle({64, y + 22}, 10, p.accent);
        y = paragraph(c, font, zh, 96, y, 860, 38, k_ink);
        y = paragraph(c, font, en, 96, y + 4, 860, 30, k_grey) + 30;
    }
    return c.to_image();
}

} // namespace

void generate_labels(Output& out) {
    ui::Font font = ui::Font::load_cjk();
    out.png("textures/store_sign.png", store_sign(font), "shop sign: 24小时便利店 / 24h MART (emissive)");
    out.png("textures/phone_message_1.png", phone_screen(font, false), "phone lock screen: a friend's message 在吗？老地方见");
    out.png("textures/phone_message_2.png", phone_screen(font, true), "phone lock screen: a second message 有好货，快来");
    out.png("textures/karaoke_lyrics.png", karaoke(font, out.image("textures/karaoke_screen.png")),
            "karaoke screen with our own lyrics");

    const Label labels[] = {
        {"label_milk_tea", "“奶茶”", "'Milk tea'",
         "把毒品混进奶茶粉或饮料包装里，看起来和普通奶茶一模一样。",
         "Drugs mixed into milk-tea powder or drink sachets look exactly like the real thing.", {214, 120, 150, 255}},
        {"label_candy", "“糖果”", "'Sweets'",
         "做成色彩鲜艳的糖果、跳跳糖，专门吸引孩子和年轻人。",
         "Bright sweets and popping candy, made to appeal to children and young people.", {236, 160, 40, 255}},
        {"label_stamps", "“邮票”", "'Stamps'",
         "印着卡通图案的小纸片，其实浸过致幻剂（LSD），舔一下就可能中毒。",
         "Little cartoon-printed paper squares soaked in a hallucinogen (LSD): one lick can poison you.", {60, 150, 220, 255}},
        {"label_ecig", "“电子烟”", "'E-cigarettes'",
         "烟油里可能加了合成大麻素等新型毒品，吸几口就可能昏迷。",
         "The liquid may hold synthetic cannabinoids or other new drugs: a few puffs can knock you out.", {120, 90, 210, 255}},
        {"label_happy_water", "“快乐水”", "'Happy water'",
         "可爱的小瓶饮料，里面可能是冰毒、摇头丸或氯胺酮。",
         "Cute little drink bottles that may hold meth, ecstasy or ketamine.", {230, 90, 130, 255}},
        {"label_intro", "伪装的毒品", "Disguised drugs",
         "新型毒品常常伪装成零食、饮料、文具和电子烟。陌生人或“朋友”给的不明食品和饮料，不要碰。",
         "New drugs often look like snacks, drinks, stationery or e-cigarettes. Never take unknown food or drink "
         "from strangers — or from 'friends'.", {40, 60, 90, 255}},
    };
    for (const Label& l : labels) {
        out.png(std::string("textures/") + l.file + ".png", exhibit_label(font, l),
                std::string("open-day label: ") + l.title_zh + " / " + l.title_en);
    }

    const Panel panels[] = {
        {"panel_body", "身体", "Body",
         {{"大脑：损伤记忆力和判断力，可能引起幻觉、妄想和精神病。", "Brain: damages memory and judgement; can bring hallucinations, paranoia and psychosis."},
          {"心脏：心跳加快、血压升高，可能导致心律失常甚至猝死。", "Heart: a racing heart and high blood pressure; can cause arrhythmia and even sudden death."},
          {"全身：失眠、消瘦、免疫力下降，牙齿和皮肤受损。", "Whole body: no sleep, weight loss, weakened immunity, damaged teeth and skin."}},
         {200, 70, 60, 255}, 0},
        {"panel_family", "家庭", "Family",
         {{"吸毒会耗光家里的积蓄，让家人失去信任。", "Drugs drain a family's savings and destroy trust."},
          {"父母、伴侣和孩子都会受到伤害，家庭可能因此破裂。", "Parents, partners and children are all hurt; families break apart."}},
         {70, 130, 90, 255}, 1},
        {"panel_future", "前途", "Future",
         {{"学业中断，工作丢失，朋友远离。", "Studies stop, jobs are lost, friends drift away."},
          {"留下违法记录，影响升学、就业和出行。", "A record of the offence follows you into school, work and travel."}},
         {60, 110, 180, 255}, 2},
        {"panel_law", "法律", "The law",
         {{"吸食、注射毒品是违法行为，可被处以拘留和罚款。", "Using drugs is against the law: it can mean detention and a fine."},
          {"吸毒成瘾严重的，可被强制隔离戒毒，期限为二年。", "Serious addiction can mean two years of compulsory isolated rehabilitation."},
          {"走私、贩卖、运输、制造毒品，无论数量多少，都要追究刑事责任。", "Smuggling, selling, transporting or making drugs, in any amount, is a crime."},
          {"遇到有人给你不明物品，拒绝、离开，并告诉老师、家长或拨打 110。", "If someone offers you something unknown: say no, leave, and tell a teacher or parent, or call 110."}},
         {90, 80, 120, 255}, 3},
    };
    for (const Panel& p : panels) {
        out.png(std::string("textures/") + p.file + ".png", harm_panel(font, p),
                std::string("open-day panel: ") + p.title_zh + " / " + p.title_en);
    }
}

} // namespace qx::assetgen
