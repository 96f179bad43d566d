/** The sign-in state as React state, straight from the manager (no copy to keep in sync). */
import { useSyncExternalStore } from 'react';
import { type SignInState } from './signInState';

export interface SignInSource {
  getState(): SignInState;
  subscribe(listener: () => void): () => void;
  signIn(): Promise<void>;
}

export function useSignInState(source: SignInSource): SignInState {
  return useSyncExternalStore(source.subscribe, source.getState);
}
