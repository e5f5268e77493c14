// session — the clinical loop: protocols, the controller state machine, craving reports, safety
// rules, simulated residents, outcome metrics; knows nothing of graphics, audio, storage or clocks.
#pragma once

#include "session/command.h"
#include "session/controller.h"
#include "session/craving_report.h"
#include "session/event.h"
#include "session/outcomes.h"
#include "session/protocol.h"
#include "session/random.h"
#include "session/report_csv.h"
#include "session/resident_model.h"
#include "session/respondent.h"
#include "session/simulation.h"
