#include "app/all_strings.h"

#include "app/strings.h"
#include "live/strings.h"
#include "session/strings.h"
#include "stage/strings.h"
#include "ui/strings.h"
#include "xr/strings.h"

namespace qx::app {

void register_all_strings() {
    for (auto table :
         {session::strings(), live::strings(), ui::strings(), xr::strings(), stage::strings(), strings(),
          demo_strings(), panel_strings()}) {
        core::add_strings(table);
    }
}

} // namespace qx::app
