export type {
  AmazonPay, Button, ButtonOptions, ButtonEvent, ButtonEventName, ButtonSize, Cart, CartLine, Price,
  AmazonPayError, AmazonPayErrorCode, ReturnPage, PageOptions, FieldSelectors, Outcome, Address, Buyer,
  EventDetail, ChargePermissionType, RecurringMetadata, ShopAddress,
} from './amazon-pay-widget.js';
import type { AmazonPay } from './amazon-pay-widget.js';

/** Loads the wasm (once). Optional: another URL of amazon-pay-widget_bg.wasm. */
export function initWidget(wasmUrl?: string | URL): Promise<unknown>;
/** Loads the widget for a signer: its /v1/config and the region's checkout.js (once per page). Rejects with an AmazonPayError. */
export function loadAmazonPay(signer: string): Promise<AmazonPay>;
/** The widget's version. */
export function version(): Promise<string>;
