import { addressPrefix, parseGraphPath } from './graphPath';

describe('parseGraphPath', () => {
  it('names the workbook actions under the three addressings', () => {
    expect(parseGraphPath('/drives/b!x/items/01A/workbook/closeSession')).toEqual({
      resource: 'sessionAction',
      action: 'closeSession',
      address: { kind: 'drive', driveId: 'b!x', itemId: '01A' },
    });
    expect(parseGraphPath('/me/drive/items/01A/workbook/createSession')).toEqual({
      resource: 'sessionAction',
      action: 'createSession',
      address: { kind: 'meItem', itemId: '01A' },
    });
    expect(parseGraphPath('/me/drive/root:/Q3%20Forecast.xlsx:/workbook/refreshSession')).toEqual({
      resource: 'sessionAction',
      action: 'refreshSession',
      address: { kind: 'mePath', path: '/Q3 Forecast.xlsx' },
    });
  });

  it('names operations, sessionInfoResource, driveItems, shares and $batch', () => {
    expect(parseGraphPath('/me/drive/items/01A/workbook/operations/abc')).toMatchObject({
      resource: 'workbookOperation',
      operationId: 'abc',
    });
    expect(parseGraphPath("/drives/d/items/i/workbook/sessionInfoResource(key='k-1')")).toMatchObject({
      resource: 'sessionInfo',
      key: 'k-1',
    });
    expect(parseGraphPath('/drives/d/items/i/workbook/sessionInfoResource(key=%27k-2%27)')).toMatchObject({
      resource: 'sessionInfo',
      key: 'k-2',
    });
    expect(parseGraphPath('/drives/d/items/i')).toEqual({
      resource: 'driveItem',
      address: { kind: 'drive', driveId: 'd', itemId: 'i' },
    });
    expect(parseGraphPath('/me/drive/root:/Docs/a.xlsx')).toEqual({
      resource: 'driveItem',
      address: { kind: 'mePath', path: '/Docs/a.xlsx' },
    });
    expect(parseGraphPath('/shares/u!abc/driveItem')).toEqual({ resource: 'shares', shareId: 'u!abc' });
    expect(parseGraphPath('/$batch')).toEqual({ resource: 'batch' });
  });

  it('leaves unknown paths to the 501 answer and rejects malformed escapes', () => {
    for (const path of ['/me', '/drives/d/items/i/workbook/worksheets', '/users/x/drive']) {
      expect(parseGraphPath(path)).toBeUndefined();
    }
    expect(() => parseGraphPath('/drives/%E0%A4%A/items/i')).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('rebuilds an encoded prefix for Location headers', () => {
    expect(addressPrefix({ kind: 'mePath', path: '/Q3 Forecast.xlsx' })).toBe('/me/drive/root:/Q3%20Forecast.xlsx:');
    expect(addressPrefix({ kind: 'drive', driveId: 'b!x', itemId: '01A' })).toBe('/drives/b!x/items/01A');
  });
});
