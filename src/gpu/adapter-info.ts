export interface AdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
}

export function summarizeAdapter(info: GPUAdapterInfo | undefined): AdapterSummary {
  return {
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    device: info?.device ?? '',
    description: info?.description ?? '',
  };
}
