/** Chaincode entry: fabric-chaincode-node loads `contracts` from the package's main module. */
import { AllianceContract } from './contracts/alliance-contract';
import { TokenContract } from './contracts/token-contract';
import { MemberContract } from './contracts/member-contract';
import { PointsContract } from './contracts/points-contract';
import { AgreementContract } from './contracts/agreement-contract';
import { SettlementContract } from './contracts/settlement-contract';
import { CouponContract } from './contracts/coupon-contract';

export const contracts = [
  AllianceContract,
  TokenContract,
  MemberContract,
  PointsContract,
  AgreementContract,
  SettlementContract,
  CouponContract,
];
export * from './domain/errors';
export * from './member-request';
