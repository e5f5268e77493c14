// The resident's controls: one action set bound for the Khronos simple, Oculus Touch, Valve
// Index, HTC Vive and Windows Mixed Reality controllers (and eye gaze when offered), read each frame.
#include "xr/openxr_display.h"

#include "core/log.h"

#include <cmath>
#include <cstring>
#include <optional>

namespace qx::xr {

XrPath OpenXrDisplay::path(const char* text) {
    XrPath p = XR_NULL_PATH;
    XR_CHECK(xrStringToPath(m_instance, text, &p));
    return p;
}

void OpenXrDisplay::create_actions() {
    XrActionSetCreateInfo si{XR_TYPE_ACTION_SET_CREATE_INFO};
    std::strcpy(si.actionSetName, "qingxing");
    std::strcpy(si.localizedActionSetName, "Qingxing");
    XR_CHECK(xrCreateActionSet(m_instance, &si, m_xs->action_set.put()));
    auto action = [&](XrAction& a, const char* name, const char* label, XrActionType type) {
        XrActionCreateInfo ai{XR_TYPE_ACTION_CREATE_INFO};
        std::strcpy(ai.actionName, name);
        std::strcpy(ai.localizedActionName, label);
        ai.actionType = type;
        XR_CHECK(xrCreateAction(m_xs->action_set, &ai, &a));
    };
    action(m_xs->slider, "craving_slider", "Craving slider", XR_ACTION_TYPE_FLOAT_INPUT);
    action(m_xs->squeeze, "craving_trigger", "Craving by trigger", XR_ACTION_TYPE_FLOAT_INPUT);
    action(m_xs->confirm, "confirm", "Confirm", XR_ACTION_TYPE_BOOLEAN_INPUT);
    action(m_xs->need_break, "need_break", "I need a break", XR_ACTION_TYPE_BOOLEAN_INPUT);
    if (m_ext.eye_gaze) action(m_xs->gaze, "gaze", "Eye gaze", XR_ACTION_TYPE_POSE_INPUT);

    struct Binding {
        XrAction* action;
        const char* path;
    };
    auto suggest = [&](const char* profile, std::initializer_list<Binding> bindings) {
        std::vector<XrActionSuggestedBinding> b;
        for (const Binding& x : bindings) {
            b.push_back({*x.action, path(x.path)});
        }
        XrInteractionProfileSuggestedBinding s{XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING};
        s.interactionProfile = path(profile);
        s.suggestedBindings = b.data();
        s.countSuggestedBindings = std::uint32_t(b.size());
        XrResult r = xrSuggestInteractionProfileBindings(m_instance, &s);
        if (XR_FAILED(r)) core::log_warn("xr", "bindings for {} refused: {}", profile, xr_result_name(r));
    };
    suggest("/interaction_profiles/khr/simple_controller",
            {{&m_xs->confirm, "/user/hand/right/input/select/click"},
             {&m_xs->confirm, "/user/hand/left/input/select/click"},
             {&m_xs->need_break, "/user/hand/right/input/menu/click"},
             {&m_xs->need_break, "/user/hand/left/input/menu/click"}});
    // Touch-style controllers (A/B on the right, X/Y on the left): Quest's and, below, Pico 4's.
    const std::initializer_list<Binding> touch_style = {
        {&m_xs->slider, "/user/hand/right/input/thumbstick/x"},
        {&m_xs->slider, "/user/hand/left/input/thumbstick/x"},
        {&m_xs->squeeze, "/user/hand/right/input/trigger/value"},
        {&m_xs->confirm, "/user/hand/right/input/a/click"},
        {&m_xs->confirm, "/user/hand/left/input/x/click"},
        {&m_xs->need_break, "/user/hand/right/input/b/click"},
        {&m_xs->need_break, "/user/hand/left/input/y/click"}};
    suggest("/interaction_profiles/oculus/touch_controller", touch_style);
    suggest("/interaction_profiles/valve/index_controller",
            {{&m_xs->slider, "/user/hand/right/input/thumbstick/x"},
             {&m_xs->slider, "/user/hand/left/input/thumbstick/x"},
             {&m_xs->squeeze, "/user/hand/right/input/trigger/value"},
             {&m_xs->confirm, "/user/hand/right/input/a/click"},
             {&m_xs->confirm, "/user/hand/left/input/a/click"},
             {&m_xs->need_break, "/user/hand/right/input/b/click"},
             {&m_xs->need_break, "/user/hand/left/input/b/click"}});
    suggest("/interaction_profiles/htc/vive_controller",
            {{&m_xs->slider, "/user/hand/right/input/trackpad/x"},
             {&m_xs->slider, "/user/hand/left/input/trackpad/x"},
             {&m_xs->squeeze, "/user/hand/right/input/trigger/value"},
             {&m_xs->confirm, "/user/hand/right/input/trackpad/click"},
             {&m_xs->confirm, "/user/hand/left/input/trackpad/click"},
             {&m_xs->need_break, "/user/hand/right/input/menu/click"},
             {&m_xs->need_break, "/user/hand/left/input/menu/click"}});
    suggest("/interaction_profiles/microsoft/motion_controller",
            {{&m_xs->slider, "/user/hand/right/input/thumbstick/x"},
             {&m_xs->slider, "/user/hand/right/input/trackpad/x"},
             {&m_xs->squeeze, "/user/hand/right/input/trigger/value"},
             {&m_xs->confirm, "/user/hand/right/input/trackpad/click"},
             {&m_xs->confirm, "/user/hand/left/input/trackpad/click"},
             {&m_xs->need_break, "/user/hand/right/input/menu/click"},
             {&m_xs->need_break, "/user/hand/left/input/menu/click"}});
#ifdef XR_BD_CONTROLLER_INTERACTION_EXTENSION_NAME
    if (m_ext.pico_controller) {
        suggest("/interaction_profiles/bytedance/pico4_controller", touch_style);
    }
#endif
    // Without that profile (Debian 12's OpenXR 1.0.20 headers, or a runtime that does not offer it)
    // Pico headsets map their controllers onto the Touch profile above.
    if (m_ext.eye_gaze) {
        suggest("/interaction_profiles/ext/eye_gaze_interaction",
                {{&m_xs->gaze, "/user/eyes_ext/input/gaze_ext/pose"}});
        XrActionSpaceCreateInfo asi{XR_TYPE_ACTION_SPACE_CREATE_INFO};
        asi.action = m_xs->gaze;
        asi.poseInActionSpace.orientation.w = 1.0f;
        XR_CHECK(xrCreateActionSpace(m_xs->session, &asi, m_xs->gaze_space.put()));
    }
    XrSessionActionSetsAttachInfo attach{XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO};
    attach.countActionSets = 1;
    XrActionSet set = m_xs->action_set;
    attach.actionSets = &set;
    XR_CHECK(xrAttachSessionActionSets(m_xs->session, &attach));
    if (m_ext.hand_tracking) {
        m_xs->hands.destroy = m_ext.xrDestroyHandTrackerEXT;
        for (int h = 0; h < 2; ++h) {
            XrHandTrackerCreateInfoEXT hi{XR_TYPE_HAND_TRACKER_CREATE_INFO_EXT};
            hi.hand = h == 0 ? XR_HAND_LEFT_EXT : XR_HAND_RIGHT_EXT;
            hi.handJointSet = XR_HAND_JOINT_SET_DEFAULT_EXT;
            if (XR_FAILED(
                    m_ext.xrCreateHandTrackerEXT(m_xs->session, &hi, &m_xs->hands.hands[std::size_t(h)]))) {
                m_xs->hands.hands[std::size_t(h)] = XR_NULL_HANDLE;
            }
        }
    }
}

void OpenXrDisplay::sync_actions() {
    XrActiveActionSet active{m_xs->action_set.get(), XR_NULL_PATH};
    XrActionsSyncInfo si{XR_TYPE_ACTIONS_SYNC_INFO};
    si.countActiveActionSets = 1;
    si.activeActionSets = &active;
    if (!call(xrSyncActions(m_xs->session, &si), "xrSyncActions")) return;
    auto get_float = [&](XrAction a) -> std::optional<float> {
        XrActionStateGetInfo gi{XR_TYPE_ACTION_STATE_GET_INFO};
        gi.action = a;
        XrActionStateFloat st{XR_TYPE_ACTION_STATE_FLOAT};
        if (XR_FAILED(xrGetActionStateFloat(m_xs->session, &gi, &st)) || !st.isActive) return std::nullopt;
        return st.currentState;
    };
    auto pressed = [&](XrAction a) {
        XrActionStateGetInfo gi{XR_TYPE_ACTION_STATE_GET_INFO};
        gi.action = a;
        XrActionStateBoolean st{XR_TYPE_ACTION_STATE_BOOLEAN};
        return XR_SUCCEEDED(xrGetActionStateBoolean(m_xs->session, &gi, &st)) && st.isActive &&
               st.changedSinceLastSync && st.currentState;
    };
    if (auto v = get_float(m_xs->slider); v && std::abs(*v) > 0.2f) m_input.slider_rate = *v;
    if (auto v = get_float(m_xs->squeeze); v && *v > 0.05f) m_input.slider_absolute = *v;
    m_input.confirm = m_input.confirm || pressed(m_xs->confirm);
    m_input.need_break = m_input.need_break || pressed(m_xs->need_break);
}

// A runtime may offer the extension with no eye tracker behind it (Monado without a gaze device):
// the action is then inactive, or the pose is not tracked, and the head's ray stands in.
std::optional<gpu::Pose> OpenXrDisplay::locate_eye_gaze() {
    if (!m_ext.eye_gaze || !m_xs->gaze_space) return std::nullopt;
    XrActionStateGetInfo gi{XR_TYPE_ACTION_STATE_GET_INFO};
    gi.action = m_xs->gaze;
    XrActionStatePose st{XR_TYPE_ACTION_STATE_POSE};
    if (XR_FAILED(xrGetActionStatePose(m_xs->session, &gi, &st)) || !st.isActive) return std::nullopt;
    XrSpaceLocation loc{XR_TYPE_SPACE_LOCATION};
    if (XR_FAILED(xrLocateSpace(m_xs->gaze_space, m_xs->space, m_display_time, &loc))) return std::nullopt;
    constexpr XrSpaceLocationFlags k_needed = XR_SPACE_LOCATION_POSITION_VALID_BIT | XR_SPACE_LOCATION_ORIENTATION_VALID_BIT |
                                              XR_SPACE_LOCATION_ORIENTATION_TRACKED_BIT;
    if ((loc.locationFlags & k_needed) != k_needed) return std::nullopt;
    return gpu::Pose{to_glm(loc.pose.position), glm::normalize(to_glm(loc.pose.orientation))};
}

} // namespace qx::xr
