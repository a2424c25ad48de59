import { createContext, useContext } from 'react';
import type { Stores } from './stores';

export const StoresContext = createContext<Stores | undefined>(undefined);

/** The feature stores; components read slices with zustand's `useStore(store, selector)`. */
export function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useStores() outside <StoresContext.Provider>');
  return stores;
}
