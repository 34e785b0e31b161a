import '@testing-library/jest-dom';

// recharts' ResponsiveContainer measures its parent; jsdom has no layout, so give it a size
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
(globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver ??= ResizeObserverStub;

// jsdom lacks these; react-router uses them when it loads
import { TextDecoder, TextEncoder } from 'node:util';
Object.assign(globalThis, { TextEncoder, TextDecoder });
