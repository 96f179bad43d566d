import { render, screen } from '@testing-library/react';
import { LiveRegion } from './LiveRegion';

describe('LiveRegion', () => {
  it('is one polite status region whose text changes even when the same message comes twice', () => {
    const { rerender } = render(<LiveRegion message="Session closed on A.xlsx" seq={1} />);
    const region = screen.getByRole('status');
    expect(region.getAttribute('aria-live')).toBe('polite');
    const first = region.textContent;
    rerender(<LiveRegion message="Session closed on A.xlsx" seq={2} />);
    expect(region.textContent).not.toBe(first);
    expect(region.textContent?.trim()).toBe('Session closed on A.xlsx');
  });
});
