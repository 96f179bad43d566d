/**
 * The middle tier's clock for every component that shows or acts on a time. Outside a provider
 * (component tests) it is the device's clock.
 */
import { createContext, type ReactNode, useContext, useSyncExternalStore } from 'react';
import { ServerClock } from '../api/ServerClock';

const ServerClockContext = createContext<ServerClock>(new ServerClock());

export function ServerClockProvider({ clock, children }: { clock: ServerClock; children: ReactNode }): ReactNode {
  return <ServerClockContext.Provider value={clock}>{children}</ServerClockContext.Provider>;
}

/** The clock, re-rendering the caller when its offset moves noticeably (timers then reschedule). */
export function useServerClock(): { clock: ServerClock; version: number } {
  const clock = useContext(ServerClockContext);
  const version = useSyncExternalStore(clock.subscribe, clock.version);
  return { clock, version };
}
