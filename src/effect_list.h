/* The effects a form may name (effects = [...]), one line each, in one
 * list so that what a form file may ask for and what the program can run
 * never disagree: formdef_parse.c reads the names and what each needs,
 * effects.c dispatches to the handlers.
 *
 * EFFECT(name, at submit, when done, at close, informational, needs...)
 * - the handlers live in each affair's module, declared in its header
 *   (booking.h, stock.h, assets_effects.h, seal.h, space.h, licence.h,
 *   payment.h, meeting.h); NULL: nothing at that moment;
 * - informational: it only tells people or files the record, so a done
 *   request may still be cancelled when its other effects undo;
 * - needs: the field types the form must have for it, ended by -1 (at
 *   most two), so a form can never ask for a booking without a room and
 *   a time to book. */
EFFECT(notify, NULL, effect_notify, NULL, 1, -1)
EFFECT(archive, NULL, effect_archive, NULL, 1, -1)
EFFECT(booking, booking_room_submit, booking_effect_done, booking_effect_close, 0, FT_ROOM, FT_TIMERANGE, -1)
EFFECT(vehicle_booking, booking_vehicle_submit, booking_effect_done, booking_effect_close, 0, FT_VEHICLE, FT_TIMERANGE, -1)
EFFECT(stock_reserve, NULL, stock_effect_reserve, stock_effect_release, 0, FT_SUPPLY_LINES, -1)
EFFECT(stock_issue, NULL, stock_effect_issue, NULL, 0, FT_SUPPLY_LINES, -1)
EFFECT(asset_status, assets_repair_submit, assets_repair_done, assets_repair_close, 0, FT_ASSET, -1)
EFFECT(asset_hand_over, assets_hand_over_submit, assets_hand_over_done, NULL, 0, FT_ASSET, -1)
EFFECT(asset_give_back, assets_give_back_submit, assets_give_back_done, NULL, 0, FT_ASSET, -1)
EFFECT(seal_register, NULL, seal_register, NULL, 0, FT_SEAL, -1)
EFFECT(space_assign, space_hold_of, space_assign, space_let_go, 0, FT_SPACE, -1)
EFFECT(space_release, space_release_submit, space_release_done, NULL, 0, FT_SPACE, -1)
EFFECT(paid_mark, NULL, payment_paid_mark, NULL, 0, -1)
EFFECT(licence_renew, NULL, licence_renew, NULL, 0, FT_DATE, -1)
EFFECT(meeting_invite, meeting_invitees_check, meeting_invitees_notify, NULL, 1, -1)
