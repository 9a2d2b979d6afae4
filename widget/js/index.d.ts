export type {
  AmazonPay, Button, ButtonOptions, ButtonEvent, ButtonEventName, ButtonSize, Cart, CartLine, Price,
  AmazonPayErrorCode, ReturnPage, PageOptions, FieldSelectors, Outcome, Address, Buyer,
  EventDetail, ChargePermissionType, RecurringMetadata, ShopAddress, SubscriptionAccess,
} from './amazon-pay-widget.js';
import type { AmazonPay, AmazonPayErrorCode, EventDetail, Outcome, Buyer } from './amazon-pay-widget.js';

/** Loads the wasm (once). Optional: another URL of amazon-pay-widget_bg.wasm. */
export function initWidget(wasmUrl?: string | URL): Promise<unknown>;
/** Loads the widget for a signer: its /v1/config and the region's checkout.js (once per page). Rejects with an AmazonPayError. */
export function loadAmazonPay(signer: string): Promise<AmazonPay>;
/** The widget's version. */
export function version(): Promise<string>;

/** What an AmazonPayError may carry besides its code and message. */
export interface AmazonPayErrorDetails {
  /** The signer's own code, for SIGNER_ERROR. */
  signerCode?: string;
  /** The HTTP status, for SIGNER_ERROR. */
  status?: number;
  /** The signer's x-request-id, when its answer carried one (quote it to the shop's support). */
  requestId?: string;
  /** Whether trying again may succeed (a network error) or not (a configuration the shop must fix). */
  retryable?: boolean;
}

/**
 * Every error the widget throws, rejects with or emits: `error instanceof AmazonPayError`
 * recognises them.
 */
export declare class AmazonPayError extends Error implements AmazonPayErrorDetails {
  constructor(code: AmazonPayErrorCode, message: string, details?: AmazonPayErrorDetails);
  readonly name: 'AmazonPayError';
  /** The stable code. */
  code: AmazonPayErrorCode;
  signerCode?: string;
  status?: number;
  requestId?: string;
  /** Whether trying again may succeed; `false` unless the error is known to be transient. */
  retryable: boolean;
  static [Symbol.hasInstance](value: unknown): value is AmazonPayError;
}

/** `ready`: the button is on the page. */
export interface ReadyEvent extends EventDetail { type: 'ready'; detail: EventDetail }
/** `click`: the buyer clicked; the widget asks the signer for the signed payload. */
export interface ClickEvent extends EventDetail { type: 'click'; detail: EventDetail }
/** `cancel`: the buyer closed Amazon's window. */
export interface CancelEvent extends EventDetail { type: 'cancel'; detail: EventDetail }
/** `error`: something failed; `error` says what. */
export interface ErrorEvent extends EventDetail {
  type: 'error';
  error: AmazonPayError;
  detail: EventDetail & { error: AmazonPayError };
}
/** `complete`: a return page finished (result outcome, review redirect or signed-in buyer). */
export interface CompleteEvent extends EventDetail {
  type: 'complete';
  outcome?: Outcome;
  buyer?: Buyer;
  detail: EventDetail;
}
/** The event of each name. */
export interface ButtonEventMap {
  ready: ReadyEvent;
  click: ClickEvent;
  cancel: CancelEvent;
  error: ErrorEvent;
  complete: CompleteEvent;
}

declare module './amazon-pay-widget.js' {
  interface Button {
    /** Listens to one event, with that event's type. */
    on<K extends keyof ButtonEventMap>(event: K, handler: (event: ButtonEventMap[K]) => void): void;
    /** Removes a handler added with `on`. */
    off<K extends keyof ButtonEventMap>(event: K, handler: (event: ButtonEventMap[K]) => void): void;
  }
  interface ReturnPage {
    /** Listens to one event, with that event's type. */
    on<K extends keyof ButtonEventMap>(event: K, handler: (event: ButtonEventMap[K]) => void): void;
    /** Removes a handler added with `on`. */
    off<K extends keyof ButtonEventMap>(event: K, handler: (event: ButtonEventMap[K]) => void): void;
  }
}
