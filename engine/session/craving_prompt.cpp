#include "session/craving_prompt.h"

#include <algorithm>
#include <cmath>

namespace qx::session {

CravingPrompt::Output CravingPrompt::update(const PromptInput& input, bool asking, double now) {
    Output out;
    const float dt = float(std::clamp(now - m_last_now, 0.0, 0.25));
    m_last_now = now;

    if (input.need_break) {
        out.need_break = true;
        m_break_until = now + k_break_s;
        m_recorded_until = -1.0;
    }
    if (asking && !m_asking) {
        // A new prompt: the slider starts where the resident last answered (a small move is
        // then enough), or in the middle the first time.
        m_asked_at = now;
        m_slider = float(m_last_given.value_or(5.0));
        m_last_absolute.reset();
        m_waiting_ack = false;
    }
    m_asking = asking;

    if (input.typed_rating) {
        // A rating typed outright is an answer, prompted or not; the controller judges it.
        int r = std::clamp(*input.typed_rating, 0, 10);
        m_slider = float(r);
        out.rating = r;
    } else if (m_asking && !m_waiting_ack) {
        m_slider = std::clamp(m_slider + input.slider_rate * k_units_per_second * dt, 0.0f, 10.0f);
        if (input.slider_absolute) {
            float a = std::clamp(*input.slider_absolute, 0.0f, 1.0f);
            // Only a trigger that moves takes over (a resting trigger reads 0 and must not
            // pull the slider to "none").
            if (m_last_absolute && std::abs(a - *m_last_absolute) > 0.01f) m_slider = a * 10.0f;
            m_last_absolute = a;
        }
        if (input.confirm && now - m_asked_at >= k_confirm_delay_s) out.rating = std::round(m_slider);
    }
    if (out.rating) {
        m_last_given = *out.rating;
        m_waiting_ack = true;
    }

    bool visible = view(now).kind != PromptView::Kind::hidden;
    if (!visible) m_visible_since = -1.0;
    else if (m_visible_since < 0.0) m_visible_since = now;
    return out;
}

void CravingPrompt::acknowledged(double rating, double now) {
    m_last_given = rating;
    m_slider = float(rating);
    m_waiting_ack = false;
    m_recorded_until = now + k_recorded_s;
}

PromptView CravingPrompt::view(double now) const {
    PromptView v;
    v.value = int(std::lround(m_slider));
    v.position = m_slider / 10.0f;
    if (now < m_break_until) {
        v.kind = PromptView::Kind::break_requested;
    } else if (now < m_recorded_until) {
        v.kind = PromptView::Kind::recorded;
    } else if (m_asking) {
        v.kind = PromptView::Kind::asking;
        v.can_confirm = !m_waiting_ack && now - m_asked_at >= k_confirm_delay_s;
    }
    if (v.kind != PromptView::Kind::hidden) {
        double since = m_visible_since >= 0.0 ? now - m_visible_since : 0.0;
        v.opacity = float(std::clamp(since / k_fade_s, 0.0, 1.0));
    }
    return v;
}

} // namespace qx::session
