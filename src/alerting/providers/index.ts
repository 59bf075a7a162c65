import { discord } from './discord.js';
import { pagerduty } from './pagerduty.js';
import type { Provider, ProviderKind } from './provider.js';
import { slack } from './slack.js';
import { webhook } from './webhook.js';

export const PROVIDERS: Record<ProviderKind, Provider> = { slack, discord, pagerduty, webhook };
