// core — logging, clocks, errors, file and JSON helpers used by every module; knows nothing of
// graphics, XR, audio, records or the clinical logic.
#pragma once

#include "core/clock.h"
#include "core/error.h"
#include "core/file.h"
#include "core/i18n.h"
#include "core/json.h"
#include "core/log.h"
