/* The asset effects (effect_list.h), each in the engine action's
 * transaction:
 * - asset_status: a repair takes the form's asset out of use at submission
 *   (refused when retired, lost or already in repair), puts it back when
 *   done (written off when the field named outcome says write_off or
 *   scrap), and back as it was when the request ends otherwise;
 * - asset_hand_over: the applicant asks for one of a category, the keeper
 *   chooses the asset at the last step, the applicant then holds it;
 * - asset_give_back: the applicant returns one they hold. */
#ifndef AF_ASSETS_EFFECTS_H
#define AF_ASSETS_EFFECTS_H

#include "effects.h"

af_status assets_repair_submit(const effect_ctx *c);
af_status assets_repair_done(const effect_ctx *c);
af_status assets_repair_close(const effect_ctx *c);
af_status assets_hand_over_submit(const effect_ctx *c);
af_status assets_hand_over_done(const effect_ctx *c);
af_status assets_give_back_submit(const effect_ctx *c);
af_status assets_give_back_done(const effect_ctx *c);

#endif
